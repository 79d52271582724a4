import { BODY_ENUMS } from '../api/enums';

/** Every anaesthesia the API allows (its own list, from the OpenAPI document), with words. */
export const ANAESTHESIA_CHOICES: readonly string[] = BODY_ENUMS.createSession.anaesthesia;

/** 'local-infiltration' → 'Local infiltration'. */
export const anaesthesiaLabel = (value: string): string => {
  const words = value.replaceAll('-', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};
