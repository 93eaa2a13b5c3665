/** The output formats `kubectl get` loads only when asked for (see get.ts): one module to import lazily. */
export { CustomColumnsError, customColumns, customColumnsFile, customColumnsFileError, NO_COLUMNS_ERROR, parseCustomColumnsSpec } from './custom-columns.js';
export { JSONPathError, jsonPathFileError, jsonPathPrinter, NO_TEMPLATE_ERROR } from './jsonpath.js';
export { SortError, sortObjects } from './sort-by.js';
export { toYAML, YAMLError } from './yaml.js';
