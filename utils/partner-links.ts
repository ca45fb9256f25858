import type { z } from 'zod';
import { partnerLinkProblemWith, type PartnerLinkProduct } from './partner-link-rules';
import { registrableDomainOf } from './registrable-domain';

export { isStoreUrl, PARTNER_LINK_RULES, type PartnerLinkProduct } from './partner-link-rules';

/*
 * The partner-link check every decision uses (feeds, backups, the database, picks, the window, checkout):
 * the rules of utils/partner-link-rules.ts with registrable domains from the full Public Suffix List,
 * private section included, so a link to `evil-shop.myshopify.com` is not one of `kettles.myshopify.com`.
 */

/**
 * Why `link` may not be used as the partner link for `product`, or null when it may: https only, the
 * store's own product pages and affiliate hosts only (matched on whole labels, so `evil-taobao.com` and
 * `taobao.com.evil.cn` fail), nothing inside it that leads to another store.
 */
export const partnerLinkProblem = (link: string, product: PartnerLinkProduct): string | null => partnerLinkProblemWith(link, product, registrableDomainOf);

/** True only for an https link to a product page or affiliate host of the product's own store. */
export const isAllowedPartnerLink = (link: string, product: PartnerLinkProduct): boolean => partnerLinkProblem(link, product) === null;

/**
 * A zod refinement that checks a partner link against its product, for use with `.superRefine`:
 * `Schema.superRefine(refinePartnerLink((r) => ({ link: r.partnerLink, product: { platform: r.platform, url: r.url } })))`.
 * A null or undefined link passes (optional links are the schema's business); the issue lands on `path`.
 */
export function refinePartnerLink<T>(
  select: (value: T) => { link: string | null | undefined; product: PartnerLinkProduct },
  path: PropertyKey[] = ['partnerLink'],
): (value: T, ctx: z.RefinementCtx<T>) => void {
  return (value, ctx) => {
    const { link, product } = select(value);
    if (link === null || link === undefined) return;
    const problem = partnerLinkProblem(link, product);
    if (problem) ctx.addIssue({ code: 'custom', path, message: problem });
  };
}
