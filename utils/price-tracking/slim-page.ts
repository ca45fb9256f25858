/**
 * Scripts (but JSON-LD), styles and comments, which the readers of the stores checked in the
 * background never look at (Amazon's markup, schema.org JSON-LD and microdata, OpenGraph): on Amazon's
 * page they are two thirds of the bytes, and parsing them was most of a check's time.
 * tests/unit/price-tracking/served-page.test.ts checks that every such saved page reads the same.
 */
const NOT_READ = /<script\b(?![^>]*\btype\s*=\s*["']?application\/ld\+json)[^>]*>[\s\S]*?<\/script\s*>|<style\b[^>]*>[\s\S]*?<\/style\s*>|<!--[\s\S]*?-->/gi;

export const slimServedPage = (html: string): string => html.replace(NOT_READ, '');
