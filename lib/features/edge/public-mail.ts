import { suffixPlace } from "../../core/registrable-domain";

/**
 * Mail providers where anyone can get an address for free, in a minute: an Access rule admitting their
 * e-mail domain admits anyone who can sign in (one-time PIN mails a code to any address). A small list
 * of the largest, not a complete one: it exists to catch the obvious mistake (`emailDomains: [gmail.com]`
 * for "our team uses Gmail"), not to judge every domain. A team on Google Workspace or Microsoft 365
 * has a domain of its own; list that, or the people (`emails`), or an IdP group.
 */
export const PUBLIC_MAIL_DOMAINS: readonly string[] = [
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "yahoo.com",
  "ymail.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "pm.me",
  "mail.com",
  "zoho.com",
  "qq.com",
  "163.com",
  "126.com",
  "mail.ru",
];

/**
 * Providers that run the same free service under a domain per country (gmx.de, gmx.net, yandex.ru,
 * yahoo.co.uk, hotmail.fr): their name followed directly by a public suffix.
 */
export const PUBLIC_MAIL_BRANDS: readonly string[] = ["gmx", "yandex", "yahoo", "hotmail", "outlook"];

/** True for a domain of PUBLIC_MAIL_DOMAINS, or a PUBLIC_MAIL_BRANDS name on a public suffix; any case. */
export function isPublicMailDomain(domain: string): boolean {
  const name = domain.toLowerCase().replace(/\.$/, "");
  if (PUBLIC_MAIL_DOMAINS.includes(name)) return true;
  const dot = name.indexOf(".");
  // The suffix list is read only for a brand's name: every other domain is decided without it.
  if (dot === -1 || !PUBLIC_MAIL_BRANDS.includes(name.slice(0, dot))) return false;
  return suffixPlace(name).registrable === name;
}
