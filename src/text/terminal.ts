/**
 * Text for a terminal: what a title, a reason or a file name carries must not drive the terminal that prints it
 * (colour, cursor moves, clearing the screen, setting the window title, hyperlinks, rewriting the line with \r,
 * reordering it with bidirectional overrides). `forTerminal` removes ANSI/ECMA-48 escape and control sequences
 * (ESC-introduced and their 8-bit C1 forms), other C0/C1 control characters, carriage returns and bidi controls;
 * newlines and tabs stay. `guardTerminalWrites` applies it to everything a stream is given.
 */

/** CSI … final byte, OSC … BEL/ST, DCS/SOS/PM/APC … ST, and two-character escapes. */
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[ -/]*[0-~])?/g;
/** The same in 8-bit form: CSI (0x9B), and OSC/DCS/SOS/PM/APC strings ended by BEL or ST (0x9C). */
const C1_SEQUENCE = /\x9b[0-?]*[ -/]*[@-~]|[\x90\x98\x9d\x9e\x9f][^\x07\x9c]*[\x07\x9c]?/g;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function forTerminal(s: string): string {
  return s.replace(/\r\n/g, "\n").replace(ESCAPE_SEQUENCE, "").replace(C1_SEQUENCE, "").replace(CONTROL, "");
}

/** The one sequence zhice itself writes: back to the start of the line and clear it (the ingest progress bar). */
export const REDRAW_LINE = "\r\x1b[2K";

/** Every string written to `stream` from now on goes through forTerminal (a leading REDRAW_LINE is kept). */
export function guardTerminalWrites(stream: NodeJS.WritableStream): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === "string") {
      const redraw = chunk.startsWith(REDRAW_LINE);
      chunk = (redraw ? REDRAW_LINE : "") + forTerminal(redraw ? chunk.slice(REDRAW_LINE.length) : chunk);
    }
    return write(chunk, ...rest);
  }) as NodeJS.WritableStream["write"];
}
