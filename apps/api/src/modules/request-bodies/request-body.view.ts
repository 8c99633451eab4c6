import { type RequestBody } from '@switchyard/contracts';

interface RequestBodyRow {
  requestId: string;
  at: Date;
  teamId: string | null;
  tokenId: string | null;
  endpoint: string;
  stream: boolean;
  request: string;
  response: string;
  requestTruncated: boolean;
  responseTruncated: boolean;
}

export const toRequestBodyView = (row: RequestBodyRow): RequestBody =>
  ({ ...row, at: row.at.toISOString() }) satisfies RequestBody;
