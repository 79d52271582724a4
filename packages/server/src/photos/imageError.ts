/** The file is not a JPEG or PNG, or is damaged: the API answers 422 with this message. */
export class ImageError extends Error {}
