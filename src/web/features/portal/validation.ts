import type { TFunction } from 'i18next';
import type { ApplicantDetails, FormComponent, Issue } from './api.js';

const CITIZEN_ID = /^\d{12}$/;
const TAX_CODE = /^\d{10}(-?\d{3})?$/;
const PHONE = /^(?:\+84|0)\d{9}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The checks the server makes on submission, run first in the browser so the applicant sees
 * every problem at once (the server checks again and answers with the same paths).
 */
export function applicantErrors(a: ApplicantDetails): Issue[] {
  const issues: Issue[] = [];
  const phone = a.phone?.replace(/[\s.-]/g, '') ?? '';
  if (!a.name.trim()) issues.push({ path: '/applicant/name', message: 'required' });
  if (a.kind === 'organisation' && !TAX_CODE.test(a.taxCode?.trim() ?? ''))
    issues.push({ path: '/applicant/taxCode', message: 'invalid' });
  const id = a.idNumber?.trim() ?? '';
  if ((a.kind === 'individual' || id !== '') && !CITIZEN_ID.test(id))
    issues.push({ path: '/applicant/idNumber', message: 'invalid' });
  if (phone !== '' && !PHONE.test(phone))
    issues.push({ path: '/applicant/phone', message: 'invalid' });
  const email = a.email?.trim() ?? '';
  if (email !== '' && !EMAIL.test(email))
    issues.push({ path: '/applicant/email', message: 'invalid' });
  if (phone === '' && email === '') issues.push({ path: '/applicant/phone', message: 'contact' });
  return issues;
}

/** The applicant's language for an issue, by its path (the server's text is for developers). */
export function issueMessage(t: TFunction, issue: Issue, components: FormComponent[]): string {
  if (issue.path.startsWith('/components/')) {
    const code = issue.path.slice('/components/'.length);
    const name = components.find((c) => c.code === code)?.name ?? code;
    return t('portal:errors.component', { name });
  }
  switch (issue.path) {
    case '/applicant/name':
      return t('portal:errors.name');
    case '/applicant/idNumber':
      return t('portal:errors.idNumber');
    case '/applicant/taxCode':
      return t('portal:errors.taxCode');
    case '/applicant/phone':
      return /phone number or an e-mail|contact/.test(issue.message)
        ? t('portal:errors.contact')
        : t('portal:errors.phone');
    case '/applicant/email':
      return t('portal:errors.email');
    case '/delivery/address':
      return t('portal:errors.deliveryAddress');
    case '/receivingUnitId':
      return t('portal:errors.receivingUnit');
    default:
      return issue.message;
  }
}
