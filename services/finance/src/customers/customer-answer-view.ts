import { z } from 'zod';
import { addressReviewView } from '../address-reviews/address-review-view';
import { invoiceView, programView } from '../programs/program-view';
import { customerView } from './customer-view';

/** The answers of the customer routes beyond one customer. */
export const customerListView = z.strictObject({ items: z.array(customerView) });

export const customerDetailView = z.strictObject({
  customer: customerView,
  programs: z.array(programView),
  invoices: z.array(invoiceView),
  totals: z.strictObject({ programs: z.number().int(), invoices: z.number().int() }),
});

export const customerChangedView = z.strictObject({ customer: customerView, changedFields: z.array(z.string()), programCount: z.number().int(), invoiceCount: z.number().int() });

export const customerChangeInReviewView = z.strictObject({ review: addressReviewView });

export const customerReplacedView = z.strictObject({ replaced: customerView, customer: customerView, created: z.boolean(), programCount: z.number().int(), invoiceCount: z.number().int() });
