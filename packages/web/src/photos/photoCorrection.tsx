import { DEFAULT_TEMPLATE } from '@microcore/core';
import type { Photo } from '../api/types';
import { fieldWords } from '../corrections/changeWords';
import type { CorrectionSpec } from '../corrections/correctionSpec';
import { PHOTO_NOUNS, PhotoFields, type PhotoValues } from './PhotoFields';
import { viewLabel } from './views';

const LABELS = {
  takenDate: 'Taken on',
  zoneId: 'Zone shown',
  view: 'View',
  consentId: 'Consent',
  contentType: 'Image type',
  byteLength: 'Size (bytes)',
  sha256: 'SHA-256 of the image',
};

/** What a photo brings to the corrections components: its day and zone, never its image. */
export const photoCorrection: CorrectionSpec<PhotoValues, Photo> = {
  valuesOf: (photo) => ({ takenDate: photo.takenDate, zoneId: photo.zoneId ?? '' }),
  toBody: ({ takenDate, zoneId }) => ({ takenDate, zoneId: zoneId || null }),
  nouns: () => PHOTO_NOUNS,
  fields: (props) => <PhotoFields {...props} />,
  fieldLabel: fieldWords(LABELS),
  valueLabel: (field, value) => {
    if (field === 'view') return viewLabel(value as Photo['view']);
    if (field === 'zoneId' && typeof value === 'string')
      return DEFAULT_TEMPLATE.zones.find((zone) => zone.id === value)?.label;
    return undefined;
  },
};
