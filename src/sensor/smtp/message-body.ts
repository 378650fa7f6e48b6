// The body of one SMTP message as Zeek's MIME_Mail sees it: the top-level entity and every MIME
// part below it (nested multiparts followed by the shared multipart reader up to its depth limit)
// become files, their bytes decoded per Content-Transfer-Encoding. Multipart containers carry no
// data of their own; a part without data has no file (Zeek creates a file on its first bytes).
//
// Depth: Zeek's smtp/entities.zeek counts every mime_begin_entity of the SMTP session (the
// message's top-level entity, every multipart container, every part) and files.log `depth` is that
// count when the file starts. A message multipart/mixed { multipart/alternative { text, html },
// attachment } gives 3, 4 and 5 for its files.
import type { FileHandle } from '../files/file-tracker.js';
import { entityFilename } from '../mime/headers.js';
import { MultipartReader, multipartBoundary } from '../mime/multipart.js';
import { transferDecoder, type TransferDecoder, type WeirdFn } from '../mime/transfer-encoding.js';

export interface BodyHooks {
  /** a new entity begins (Zeek's mime_begin_entity): returns the session's entity count */
  nextEntity(): number;
  /** a file for an entity with data */
  openFile(filename: string | undefined, depth: number): FileHandle;
  weird: WeirdFn;
}

const CRLF = Buffer.from('\r\n');

/** One entity with data: decodes and feeds its file, opened on the first decoded byte. */
class LeafEntity {
  private file: FileHandle | null = null;
  private readonly decoder: TransferDecoder;
  private readonly filename: string | undefined;

  constructor(headers: ReadonlyMap<string, string>, private readonly depth: number, private readonly hooks: BodyHooks) {
    this.decoder = transferDecoder(headers.get('CONTENT-TRANSFER-ENCODING'), hooks.weird);
    this.filename = entityFilename(headers);
  }

  private handle(): FileHandle {
    return (this.file ??= this.hooks.openFile(this.filename, this.depth));
  }

  data(raw: Buffer): void {
    const d = this.decoder.write(raw);
    if (d.length) this.handle().data(d);
  }

  gap(len: number): void {
    this.handle().gap(len);
  }

  /** Line ends are content up to the boundary for encoded entities (Zeek delays them only for binary ones). */
  get eagerEol(): boolean {
    return !this.decoder.identity;
  }

  end(): void {
    const d = this.decoder.end();
    if (d.length) this.handle().data(d);
    this.file?.end();
    this.file = null;
  }
}

export class MessageBody {
  private readonly reader: MultipartReader | null = null;
  private leaf: LeafEntity | null = null;
  private partDepth = 0;
  private ended = false;

  /** `headers`: the message's top-level headers (names upper case); `depth`: its entity count. */
  constructor(headers: ReadonlyMap<string, string>, depth: number, private readonly hooks: BodyHooks) {
    const ct = headers.get('CONTENT-TYPE');
    const boundary = ct !== undefined ? multipartBoundary(ct) : undefined;
    if (boundary === undefined) {
      this.leaf = new LeafEntity(headers, depth, hooks);
      return;
    }
    this.reader = new MultipartReader(boundary, {
      entity: () => {
        this.partDepth = hooks.nextEntity();
      },
      begin: (h) => {
        this.leaf = new LeafEntity(h, this.partDepth, hooks);
        return this.leaf.eagerEol;
      },
      data: (buf) => this.leaf?.data(buf),
      end: () => {
        this.leaf?.end();
        this.leaf = null;
      },
      weird: hooks.weird,
    });
  }

  /** Message bytes after the headers; `eol`: a line end followed them (it belongs to the body only if more follows). */
  write(bytes: Buffer, eol: boolean): void {
    if (this.ended) return;
    if (this.reader) {
      if (bytes.length) this.reader.write(bytes);
      if (eol) this.reader.write(CRLF);
      return;
    }
    // The top-level entity has no boundary: its line ends are all content (Zeek delays the implicit
    // CRLF only for entities inside a multipart).
    const leaf = this.leaf!;
    if (bytes.length) leaf.data(bytes);
    if (eol) leaf.data(CRLF);
  }

  /** `len` bytes of the message were lost. */
  gap(len: number): void {
    if (this.ended) return;
    this.leaf?.gap(len);
  }

  /** The message ended (end of DATA, last BDAT chunk, or the connection). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.reader) this.reader.end();
    this.leaf?.end();
    this.leaf = null;
  }
}
