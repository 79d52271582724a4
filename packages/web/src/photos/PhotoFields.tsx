import { Group, NativeSelect } from '@mantine/core';
import { DEFAULT_TEMPLATE } from '@microcore/core';
import type { FieldsProps } from '../forms/fieldsProps';
import { TextField } from '../forms/TextField';

/** A photo's correctable fields as typed ('' for no zone); its image never changes. */
export interface PhotoValues {
  takenDate: string;
  zoneId: string;
}

export const PHOTO_NOUNS = { takenDate: 'day the photo was taken', zoneId: 'zone shown' };

/** The day a photo was taken and the zone it shows. */
export function PhotoFields({ values, onChange, errors, inputId }: FieldsProps<PhotoValues>) {
  return (
    <Group grow align="flex-start">
      <TextField
        id={inputId('takenDate')}
        type="date"
        label="Taken on"
        required
        value={values.takenDate}
        onChange={(takenDate) => onChange({ ...values, takenDate })}
        error={errors.takenDate}
      />
      <NativeSelect
        id={inputId('zoneId')}
        label="Zone shown"
        value={values.zoneId}
        onChange={(e) => onChange({ ...values, zoneId: e.currentTarget.value })}
        error={errors.zoneId}
        data={[
          { value: '', label: 'No zone' },
          ...DEFAULT_TEMPLATE.zones.map((zone) => ({ value: zone.id, label: zone.label })),
        ]}
      />
    </Group>
  );
}
