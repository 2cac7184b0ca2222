/** How protected values look to a caller without the permission to see them. */
const tail = (value: string, visible: number) =>
  value.length <= visible ? '*'.repeat(value.length) : `${'*'.repeat(value.length - visible)}${value.slice(-visible)}`;

export const maskSsn = (ssn: string): string => `***-**-${ssn.replace(/\D/g, '').slice(-4)}`;
export const maskDateOfBirth = (_date: string): string => '****-**-**';
export const maskMbi = (mbi: string): string => tail(mbi, 4);
export const maskLicence = (licence: string): string => tail(licence, 4);

export type ProtectedFieldKind = 'ssn' | 'dateOfBirth' | 'mbi' | 'licence';

const maskers: Record<ProtectedFieldKind, (value: string) => string> = {
  ssn: maskSsn,
  dateOfBirth: maskDateOfBirth,
  mbi: maskMbi,
  licence: maskLicence,
};

/** The value itself for a caller who may see it, its mask otherwise; null stays null. */
export function revealOrMask(kind: ProtectedFieldKind, value: string | null, mayView: boolean): string | null {
  if (value === null) return null;
  return mayView ? value : maskers[kind](value);
}
