/**
 * The config file's reader, and with it the YAML parser, is loaded when a file is first read,
 * not at start: SWITCHYARD_CONFIG is usually unset and the apply endpoint seldom called.
 */
export const loadConfigDocumentReader = () => import('./config-document.js');
