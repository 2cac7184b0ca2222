import { defineRoutes, implementRoutes, principalOf, type BoundRoute } from '@agencyflow/http';
import { forTenants } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { previewPolicySync } from './preview-policy-sync';
import { policySyncPreviewBody, policySyncPreviewView } from '../policies/policy-schemas';

export const agentCrmApi = defineRoutes({
  postAgentCrmPreview: {
    method: 'post',
    path: '/agent-crm/preview',
    summary: 'Preview what a policy sync of these NPNs would copy from your book (PS-9)',
    description: "For the FMO admin before provisioning an Agent CRM: counts of your tenant's policies whose writing agent NPN is one of the given NPNs (the only policies a sync ever copies, PS-4), their members, and the members without an email (who would become contacts without one, PS-5), in all and per NPN (in the order given, zeros included). Members are policy members (a person on two policies counts twice); `contacts` and `contactsWithoutEmail` count people as the sync will make them (once each), the numbers the run then reports. Reads only; writes nothing. Answers counts, never member data.",
    permission: 'agent-crm:provision',
    body: policySyncPreviewBody,
    example: { npns: ['17234598', '17234599'] },
    responses: {
      200: [
        'The counts',
        policySyncPreviewView,
        {
          policies: 42,
          members: 67,
          membersWithoutEmail: 9,
          contacts: 58,
          contactsWithoutEmail: 8,
          perNpn: [
            { npn: '17234598', policies: 30, members: 48, membersWithoutEmail: 6, contacts: 40, contactsWithoutEmail: 5 },
            { npn: '17234599', policies: 12, members: 19, membersWithoutEmail: 3, contacts: 18, contactsWithoutEmail: 3 },
          ],
        },
      ],
    },
    problems: { 400: 'No NPNs, more than 100, or an NPN that is not 1 to 10 digits' },
  },
});

/** Agent CRM provisioning, the policy side: what a policy sync would copy (PS-9). */
export function agentCrmRoutes({ database }: ServiceDeps): BoundRoute[] {
  return implementRoutes(agentCrmApi, {
    // A POST because the NPN list is a body, but it reads only: nothing is written, nothing is logged.
    postAgentCrmPreview: async ({ body: { npns } }, req, res) => {
      const { tenantId } = principalOf(req);
      res.json(await previewPolicySync(forTenants(database, tenantId), { fmoTenantId: tenantId, npns: [...new Set(npns)] }));
    },
  });
}
