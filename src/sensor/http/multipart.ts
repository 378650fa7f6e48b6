// The MIME multipart reader is shared with SMTP: it lives in src/sensor/mime/.
export { isRfc822, MAX_MIME_DEPTH, MultipartReader, multipartBoundary, type PartSink } from '../mime/multipart.js';
