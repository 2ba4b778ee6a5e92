import { findRecord, runParams } from '../../../../../lib/params';
import type { RunParams } from '../../../../../lib/params';

export const dynamic = 'force-static';
export const dynamicParams = false;
export const generateStaticParams = runParams;

/** The run's record as a static JSON file beside its page. */
export async function GET(_request: Request, { params }: { params: Promise<RunParams> }): Promise<Response> {
  const record = await findRecord(params);
  return new Response(record ? `${JSON.stringify(record, null, 2)}\n` : '{}\n', {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}
