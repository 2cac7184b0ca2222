import { salesRecordSourceColumns, type SalesRecordSourceColumn } from '@agencyflow/contracts';
import { sqlLiteral, type Database } from '@agencyflow/db';
import { salesRecordCarriedTypes } from '../domain/custom-fields';

/** The custom-field types SR-4 carries, as an SQL array (COPY takes no bind parameters). */
const carriedTypes = `array[${salesRecordCarriedTypes.map(sqlLiteral).join(', ')}]::text[]`;

/**
 * Where each transferred column comes from (see salesRecordSourceColumns), every value as text
 * for COPY. Protected fields leave as the ciphertext they are; custom fields keep only the types
 * SR-4 carries; the assignee is the user the servicing agent is linked to.
 */
const source: Record<SalesRecordSourceColumn, string> = {
  individual_id: 'c.id::text',
  first_name: 'c.first_name',
  middle_name: 'c.middle_name',
  last_name: 'c.last_name',
  nickname: 'c.nickname',
  title: 'c.title',
  record_status: 'c.record_status',
  secondary_email: 'c.secondary_email',
  cell_phone: 'c.cell_phone',
  home_phone: 'c.home_phone',
  address_type: 'c.address_type',
  address_line1: 'c.address_line1',
  city: 'c.city',
  county: 'c.county',
  zip: 'c.zip',
  state: 'c.state',
  gender: 'c.gender',
  date_of_birth_enc: 'c.date_of_birth_enc',
  lead_source: 'c.lead_source',
  mbi_enc: 'c.mbi_enc',
  medicare_part_a_effective_date: 'c.medicare_part_a_effective_date::text',
  medicare_part_b_effective_date: 'c.medicare_part_b_effective_date::text',
  ssn_enc: 'c.ssn_enc',
  drivers_license_number_enc: 'c.drivers_license_number_enc',
  smoker_status: 'c.smoker_status',
  custom_fields: `coalesce((select jsonb_object_agg(e.key, e.value) from jsonb_each(c.custom_fields) e
      join custom_field_definitions d on d.tenant_id = c.tenant_id and d.key = e.key and d.type = any(${carriedTypes})), '{}'::jsonb)::text`,
  assignee_user_id: 'a.user_id',
};
const columns = salesRecordSourceColumns.map(([name]) => source[name]).join(', ');

/**
 * SR-4: the fields a sales record takes from each of these individuals of the tenant, as COPY
 * text in salesRecordSourceColumns order (one bounded page, one query), made by PostgreSQL's own
 * COPY ... TO STDOUT: the rows pass through this process as bytes, never parsed (the text is what
 * the sales side's COPY ... FROM STDIN reads). The page is gathered before it is sent: postgres.js
 * can stall a COPY stream that a slower consumer pauses (porsager/postgres#499, #917), and a page
 * is bounded (MAX_SALES_RECORD_SOURCE_IDS individuals, a few MB). An id that is not the tenant's
 * individual (deleted since the run's snapshot) has no line: the sales side records it as failed.
 * COPY takes no bind parameters: the tenant is quoted and the ids are uuids the route validated.
 */
export async function readSalesRecordSources(database: Database, tenantId: string, ids: readonly string[]): Promise<Buffer> {
  const statement = `copy (
      select ${columns}
      from contacts c left join servicing_agents a on a.id = c.servicing_agent_id and a.tenant_id = c.tenant_id
      where c.tenant_id = ${sqlLiteral(tenantId)} and c.id = any(${sqlLiteral(`{${ids.join(',')}}`)}::uuid[])
      order by c.id
    ) to stdout`;
  const chunks: Buffer[] = [];
  await database.sql.begin(async (tx) => {
    const copy = await tx.unsafe(statement).readable();
    await new Promise<void>((resolve, reject) => {
      copy.on('data', (chunk: Buffer) => chunks.push(chunk));
      copy.once('end', resolve);
      copy.once('error', reject);
    });
  });
  return Buffer.concat(chunks);
}
