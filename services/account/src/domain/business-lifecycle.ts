/**
 * While a business is being provisioned, its provisioning owns it: the saga runs the first
 * policy sync itself (as a child workflow with the business's sync id) and deletes the business
 * if a step fails for good. A re-sync, a new agent or a switch of policy sync sent meanwhile
 * would start that same workflow first, make the saga fail, and keep copying members into a
 * business the saga then deletes. So they are refused until the business is active.
 */
export function refusalWhileProvisioning(business: { state: 'provisioning' | 'active' }): string | null {
  return business.state === 'provisioning'
    ? 'The business is still being provisioned; its first policy sync is running. Try again once it is active.'
    : null;
}
