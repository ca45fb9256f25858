import { describe, expect, it } from 'vitest';
import { fieldOf, objectValuesAt, stringAt, valueAt } from '../../../utils/json-shape';

describe('reading JSON embedded in store pages', () => {
  const data = JSON.parse('{"store":{"goods":{"goodsName":"好物","price":12,"gallery":["a"],"skuMap":{";1;":{"price":"9.90"},";2;":{"price":"19.90"}}}}}');

  it('follows a path of own properties and checks the type at the end', () => {
    expect(valueAt(data, 'store', 'goods', 'price')).toBe(12);
    expect(stringAt(data, 'store', 'goods', 'goodsName')).toBe('好物');
    expect(stringAt(data, 'store', 'goods', 'price')).toBeUndefined();
    expect(objectValuesAt(data, 'store', 'goods', 'skuMap')).toEqual([{ price: '9.90' }, { price: '19.90' }]);
  });

  it('reads data of an unexpected shape as absent instead of throwing', () => {
    for (const odd of [null, undefined, 3, 'text', [1, 2], { store: null }, { store: [{ goods: 1 }] }, { store: { goods: 'x' } }]) {
      expect(valueAt(odd, 'store', 'goods', 'goodsName')).toBeUndefined();
      expect(objectValuesAt(odd, 'store', 'goods', 'skuMap')).toEqual([]);
    }
    expect(objectValuesAt(data, 'store', 'goods', 'gallery')).toEqual([]);
  });

  it('never reads inherited properties, so a page cannot reach prototypes by naming them', () => {
    expect(fieldOf({}, 'constructor')).toBeUndefined();
    expect(fieldOf({}, '__proto__')).toBeUndefined();
    expect(fieldOf(JSON.parse('{"__proto__":{"x":1}}'), '__proto__')).toEqual({ x: 1 });
    expect(stringAt({}, 'toString')).toBeUndefined();
  });
});
