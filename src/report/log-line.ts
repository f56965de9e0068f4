/**
 * Text for the log: what the tool prints on a terminal or a GitHub runner's stdout, where a line
 * is also a command to the runner.
 *
 * Much of what reaches the log is not ours: smoke-test names and answers, manifest names, messages
 * of the API server, ECS fields. On a runner, a line that starts with `::` (or the older `##[`) is a
 * workflow command — `::add-mask::`, `::stop-commands::`, `::set-output`, `::error file=…::` — so a
 * pod's error message could mask or forge output, or stop the runner from seeing our own commands.
 * On a terminal, ANSI escapes move the cursor, rewrite earlier lines or set the window title, and
 * bidirectional controls make text read differently from what it is (CVE-2021-42574).
 *
 * Pure functions; the front doors (src/cli.ts, src/action.ts) call them at the one place each
 * writes a line.
 */

/** ESC-introduced sequences: CSI (`ESC [ … final`), OSC/DCS/SOS/PM/APC strings up to BEL or ST, and two-byte escapes. */
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[ -/]*[0-~])?/g;
/** 8-bit C1 forms: CSI (U+009B) and the string introducers with their strings. */
const C1_SEQUENCES = /\u009b[0-?]*[ -/]*[@-~]|[\u0090\u0098\u009d\u009e\u009f][^\u0007\u009c]*[\u0007\u009c]?/g;
/** C0 controls but tab and line feed, DEL, C1 controls. */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** Bidirectional formatting: embeddings, overrides, isolates, marks (Trojan Source). */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Line breaks of any kind; the runner reads lines ending in `\n`, a terminal also moves on `\r`. */
const LINE_BREAK = /\r\n|\r|\n|\u0085|\u2028|\u2029/g;
/** A line the runner would take as a command: `::name …::` or the legacy `##[name …]`, after any blank. */
const COMMAND_START = /^(\s*)(::|##\[)/;

/**
 * Removes what may not reach a terminal or a log: ANSI escape sequences (7- and 8-bit), control
 * characters (tab and line feed stay; a carriage return becomes a line feed), and bidirectional
 * formatting characters. For text that goes into a workflow command's data (core.warning,
 * core.error, core.setFailed), where @actions/core escapes `%`, `\r` and `\n` itself.
 */
export function stripControls(text: string): string {
  return text
    .replace(ANSI, '')
    .replace(C1_SEQUENCES, '')
    .replace(LINE_BREAK, '\n')
    .replace(CONTROLS, '')
    .replace(BIDI, '');
}

/**
 * A line (or lines) safe to write to a runner's stdout as plain output: {@link stripControls},
 * then a line starting with `::` or `##[` gets it escaped the way @actions/core escapes command
 * properties (`:` → `%3A`, `[` → `%5B`), so it reads the same and commands nothing.
 */
export function neutraliseLogLine(text: string): string {
  return stripControls(text)
    .split('\n')
    .map((line) =>
      line.replace(
        COMMAND_START,
        (_, blank: string, start: string) => `${blank}${start === '::' ? '%3A%3A' : '##%5B'}`,
      ),
    )
    .join('\n');
}
