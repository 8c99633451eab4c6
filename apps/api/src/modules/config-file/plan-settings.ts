import { type Settings, type UpdateSettingsBody } from '../settings/settings.schemas.js';
import { type ConfigChange } from './config-change.js';
import { type DeclaredSettings } from './config-file.schema.js';

/** The file's names of the runtime settings. */
const SETTING_NAMES: Readonly<Record<keyof Settings, keyof DeclaredSettings>> = {
  allowUnpricedModels: 'allow_unpriced_models',
  bodyLogRedactions: 'body_log_redactions',
};

export interface SettingsPlan {
  /** Null when every declared setting already holds the file's value. */
  update: UpdateSettingsBody | null;
  changes: ConfigChange[];
}

/** Each declared setting is set when it differs; a setting the file leaves out is left alone. */
export function planSettings(declared: DeclaredSettings, current: Settings): SettingsPlan {
  const update: UpdateSettingsBody = {};
  const changes: ConfigChange[] = [];
  for (const [name, fileName] of Object.entries(SETTING_NAMES) as [
    keyof Settings,
    keyof DeclaredSettings,
  ][]) {
    const wanted = declared[fileName];
    if (wanted === undefined) continue;
    const differs = JSON.stringify(current[name]) !== JSON.stringify(wanted);
    if (differs) (update as Record<keyof Settings, unknown>)[name] = wanted;
    changes.push({
      kind: 'setting',
      name: fileName,
      action: differs ? 'update' : 'unchanged',
      fields: differs ? [fileName] : [],
    });
  }
  return { update: Object.keys(update).length > 0 ? update : null, changes };
}
