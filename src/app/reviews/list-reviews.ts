import { z } from 'zod';
import { ReviewSchema } from '../../db/entities/index.ts';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { REVIEW_AVERAGES } from './reviews-sql.ts';

/** Reviews per page. */
export const REVIEWS_PER_PAGE = 50;

/** One specialist's standing: the average of their ratings and how many there are. */
export interface StaffReviewAverage {
  staffId: string;
  staffName: string;
  average: number;
  reviews: number;
}

/** One review as the team reads it. */
export interface ReviewRow {
  id: string;
  rating: number;
  comment: string;
  customerId: string;
  customerName: string;
  staffName: string;
  serviceName: string;
  /** When the visit was. */
  visitAt: Date;
  createdAt: Date;
}

/** The reviews page: averages per specialist, then a page of reviews, newest first. */
export interface ReviewsPage {
  averages: StaffReviewAverage[];
  rows: ReviewRow[];
  page: number;
  hasNext: boolean;
}

/** Input of {@link listReviews}: the page, from 1 (anything else reads as the first). */
export const ListReviewsInput = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1).optional() });

const AverageRow = z.object({ staff_id: z.string(), staff_name: z.string(), average: z.number(), reviews: z.number().int() });

/** What customers said: each specialist's average (one query), and the reviews themselves a page at a time. */
export async function listReviews(ctx: UseCaseContext, businessId: string, raw: z.input<typeof ListReviewsInput>): Promise<ReviewsPage> {
  const id = Id.parse(businessId);
  const page = ListReviewsInput.parse(raw).page ?? 1;
  const [averageRows, reviews] = await Promise.all([
    runSql(emForBusiness(ctx.orm, id), REVIEW_AVERAGES, { businessId: id }),
    emForBusiness(ctx.orm, id).find(ReviewSchema, {}, {
      populate: ['customer', 'staffMember', 'booking', 'booking.service'],
      orderBy: { createdAt: 'desc', id: 'desc' },
      limit: REVIEWS_PER_PAGE + 1,
      offset: (page - 1) * REVIEWS_PER_PAGE,
    }),
  ]);
  return {
    averages: averageRows.map((raw) => {
      const r = AverageRow.parse(raw);
      return { staffId: r.staff_id, staffName: r.staff_name, average: r.average, reviews: r.reviews };
    }),
    rows: reviews.slice(0, REVIEWS_PER_PAGE).map((r) => {
      const booking = r.booking.getEntity();
      return {
        id: r.id,
        rating: r.rating,
        comment: r.comment,
        customerId: r.customer.id,
        customerName: r.customer.getEntity().name,
        staffName: r.staffMember.getEntity().name,
        serviceName: booking.service.getEntity().name,
        visitAt: booking.startsAt,
        createdAt: r.createdAt,
      };
    }),
    page,
    hasNext: reviews.length > REVIEWS_PER_PAGE,
  };
}
