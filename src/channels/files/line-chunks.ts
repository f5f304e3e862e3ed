import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** A line longer than this ends the read with an error (it would otherwise be held whole). */
const MAX_LINE_CHARS = 1 << 24;

/** A read's worth of a file's lines (LF or CRLF, the line end dropped); `firstLineNo` counts from 1. */
export interface LineChunk {
  firstLineNo: number;
  lines: string[];
}

/**
 * A text file's lines, one read (64 KiB) at a time: memory holds one read whatever the file's size,
 * and the caller's pace sets the reading's (the stream is pulled, not pushed). A character cut
 * between two reads is kept whole (StringDecoder), a line cut between them is carried over.
 */
export async function* readLineChunks(path: string, onBytes?: (n: number) => void): AsyncGenerator<LineChunk> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let lineNo = 1;
  const emit = (text: string, last: boolean): LineChunk => {
    const lines = text.split('\n');
    rest = last ? '' : lines.pop()!;
    if (rest.length > MAX_LINE_CHARS) throw new Error(`line ${lineNo + lines.length} is longer than ${MAX_LINE_CHARS} characters: is this a usage file?`);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
    }
    const chunk = { firstLineNo: lineNo, lines };
    lineNo += lines.length;
    return chunk;
  };
  for await (const bytes of createReadStream(path, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>) {
    onBytes?.(bytes.length);
    yield emit(rest + decoder.write(bytes), false);
  }
  const tail = rest + decoder.end();
  if (tail !== '') yield emit(tail, true);
}
