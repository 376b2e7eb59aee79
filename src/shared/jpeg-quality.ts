/** The quality results are saved at as JPEG, in the app (Save as: JPEG) and by the command line
 * (-o out.jpg): high enough that restored detail survives, about a seventh of a photo's PNG. */
export const JPEG_QUALITY = 95;
