import { openApiDocument, type OpenApiDocument } from '@agencyflow/http';
import { systemProbeApi } from './http/system-probe.routes';
import { salesRecordRunApi } from './sales-record-runs/sales-record-runs.routes';
import { salesRecordTypeApi } from './sales-record-types/sales-record-types.routes';
import { salesRecordApi } from './sales-records/sales-records.routes';
import { salesWorkflowApi } from './sales-workflows/sales-workflows.routes';

/** The routes the sales service mounts, in the order it mounts them; its document lists the same. */
export const salesApi = [systemProbeApi, salesRecordTypeApi, salesRecordRunApi, salesRecordApi, salesWorkflowApi];

export const salesOpenApi = (): OpenApiDocument =>
  openApiDocument(
    {
      info: {
        title: 'Sales service',
        version: '0.1.0',
        description: 'Sales record types, sales records, the mass runs that create them (SR-2..SR-6) and the sales workflows their records run (SR-5).',
      },
    },
    salesApi,
  );
