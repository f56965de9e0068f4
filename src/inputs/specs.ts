/**
 * The smoke-test specs and parity request lists a user gives inline (an action input) or as a file
 * in the repository: read here, parsed by src/smoke/spec.ts and src/cutover/requests.ts.
 */
import { UserInputError } from '../errors.js';
import { parseParityRequests, type ParityRequest } from '../cutover/requests.js';
import { parseSmokeSpec, type SmokeCheck } from '../smoke/spec.js';
import { readInputFile } from './input-file.js';

/** A setting given as inline text or as a file. */
interface TextOrFile {
  text?: string | undefined;
  file?: string | undefined;
}

/**
 * The setting's text and the source its errors name: `inline` for inline text, else the file's
 * path. A missing or unreadable file is a UserInputError naming it.
 */
async function readTextOrFile(
  setting: TextOrFile,
  names: { inline: string; field: string; what: string },
): Promise<{ text: string; source: string }> {
  if (setting.text !== undefined) return { text: setting.text, source: names.inline };
  const file = setting.file;
  if (file === undefined) throw new UserInputError('neither inline text nor a file given', undefined, names.field);
  try {
    return { text: await readInputFile(file, file, names.what), source: file };
  } catch (err) {
    if (err instanceof UserInputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserInputError(
      code === 'ENOENT' ? 'file not found' : `cannot read: ${err instanceof Error ? err.message : String(err)}`,
      file,
    );
  }
}

/**
 * Read the smoke-test spec from the deploy configuration: inline text (source "input smoke-tests")
 * or a file (source: its path).
 */
export async function loadSmokeSpec(setting: TextOrFile): Promise<SmokeCheck[]> {
  const { text, source } = await readTextOrFile(setting, {
    inline: 'input smoke-tests',
    field: 'smoke-tests',
    what: 'smoke-test specs',
  });
  return parseSmokeSpec(text, source);
}

/** Read the request list from inline text (a YAML list; source "input requests") or a file. */
export async function loadParityRequests(
  setting: TextOrFile,
  defaults: { timeoutMs?: number } = {},
): Promise<ParityRequest[]> {
  const { text, source } = await readTextOrFile(setting, {
    inline: 'input requests',
    field: 'requests',
    what: 'request lists',
  });
  return parseParityRequests(text, source, defaults);
}
