import { problems } from '@agencyflow/http';
import type { ProgramRef } from './domain/party-rules';

/** The finance answers of refused changes (RFC 9457), shared by the routes of every slice. */
export const financeProblems = {
  /** FIN-4 the email is another contact's: name it, and suggest replacing the contact instead (FIN-5). */
  emailTaken: (contactId: string | undefined, email: string, holder: { id: string; name: string }) =>
    problems.conflict(
      'contact-email-taken',
      'Email belongs to another contact',
      `${email} is the email of ${holder.name} (${holder.id}). To put that person in this contact’s place, replace the contact instead` +
        (contactId ? `: POST /finance/contacts/${contactId}/replace with {"contactId": "${holder.id}"}.` : ': give contactId instead of a new contact.'),
      {
        otherContact: holder,
        suggestion: { action: 'replace-contact', ...(contactId ? { method: 'POST', path: `/finance/contacts/${contactId}/replace`, body: { contactId: holder.id } } : {}) },
      },
    ),
  /** FIN-5 the signer of an active agreement: who signed cannot change. */
  signerLocked: (programs: ProgramRef[], lockedFields: string[]) =>
    problems.conflict(
      'signer-of-active-agreement',
      'Signer of an active finance agreement',
      lockedFields.includes('contact')
        ? 'This contact signed an active premium finance agreement: it cannot be replaced while the agreement is active.'
        : `This contact signed an active premium finance agreement: ${lockedFields.join(', ')} cannot change while it is active (phone and company can).`,
      { programs, lockedFields },
    ),
  concurrentChange: () => problems.conflict('concurrent-change', 'Changed meanwhile', 'The program changed while this request ran; read it again and repeat.'),
};
