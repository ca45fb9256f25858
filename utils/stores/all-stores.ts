import { amazon } from './amazon';
import { jd } from './jd';
import { otherSite } from './other-site';
import { pinduoduo } from './pinduoduo';
import type { Store } from './store';
import { taobao } from './taobao';
import { tmall } from './tmall';
import { weidian } from './weidian';

/** Every store module, in the order detection tries them; the catch-all for other stores comes last. */
export const ALL_STORES: readonly Store[] = [tmall, taobao, jd, weidian, pinduoduo, amazon, otherSite];
