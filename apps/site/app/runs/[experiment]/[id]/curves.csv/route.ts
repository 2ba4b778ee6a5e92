import { curvesCsv } from '../../../../../lib/csv';
import { findRecord, runParams } from '../../../../../lib/params';
import type { RunParams } from '../../../../../lib/params';

export const dynamic = 'force-static';
export const dynamicParams = false;
export const generateStaticParams = runParams;

/** The run's curves (one row per evaluation) as a static CSV file beside its page. */
export async function GET(_request: Request, { params }: { params: Promise<RunParams> }): Promise<Response> {
  const record = await findRecord(params);
  return new Response(record ? curvesCsv(record) : '', { headers: { 'content-type': 'text/csv; charset=utf-8' } });
}
