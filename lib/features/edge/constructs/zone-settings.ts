import { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import { Construct } from "constructs";
import type { DesiredZoneSetting } from "../zone-settings";
import { setDynamicAttribute } from "../../../core/constructs/dynamic-attribute";

export interface ZoneSettingsProps {
  readonly zoneId: string;
  readonly settings: readonly DesiredZoneSetting[];
}

/** One `cloudflare_zone_setting` per setting, construct id = setting id. */
export class ZoneSettings extends Construct {
  readonly settings: readonly ZoneSetting[];

  constructor(scope: Construct, id: string, props: ZoneSettingsProps) {
    super(scope, id);
    this.settings = props.settings.map((s) => {
      const resource = new ZoneSetting(this, s.id, { zoneId: props.zoneId, settingId: s.id, value: {} });
      setDynamicAttribute(resource, "value", s.value);
      return resource;
    });
  }
}
