import { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import { Construct } from "constructs";
import type { DesiredZoneSetting } from "../zone-settings";
import { setDynamicAttribute } from "../../../core/constructs/dynamic-attribute";
import { ReplaceOnChange } from "./replace-on-change";

export interface ZoneSettingsProps {
  readonly zoneId: string;
  readonly settings: readonly DesiredZoneSetting[];
}

/**
 * One `cloudflare_zone_setting` per setting, construct id = setting id; an object-valued setting is
 * replaced (one full write) rather than updated when its value changes.
 */
export class ZoneSettings extends Construct {
  readonly settings: readonly ZoneSetting[];

  constructor(scope: Construct, id: string, props: ZoneSettingsProps) {
    super(scope, id);
    this.settings = props.settings.map((s) => {
      const resource = new ZoneSetting(this, s.id, { zoneId: props.zoneId, settingId: s.id, value: {} });
      setDynamicAttribute(resource, "value", s.value);
      // An object value (security_header) would be updated with only its changed fields, which the
      // API does not apply (see ReplaceOnChange); a string value is always sent whole.
      if (typeof s.value === "object") new ReplaceOnChange(this, `${s.id}-value`, resource, s.value);
      return resource;
    });
  }
}
