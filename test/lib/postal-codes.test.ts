import { describe, expect, it } from 'vitest';
import { postalCodeFitsPrefecture } from '../../src/lib/postal-codes.js';

describe('postal codes by prefecture', () => {
  it('knows real codes belong to their prefecture and not to another', () => {
    expect(postalCodeFitsPrefecture('100-0005', '13')).toBe(true); // 東京都千代田区丸の内
    expect(postalCodeFitsPrefecture('0600001', '01')).toBe(true); // 札幌市中央区
    expect(postalCodeFitsPrefecture('530-0001', '27')).toBe(true); // 大阪市北区
    expect(postalCodeFitsPrefecture('900-0001', '47')).toBe(true); // 那覇市
    expect(postalCodeFitsPrefecture('100-0005', '36')).toBe(false);
    expect(postalCodeFitsPrefecture('12-345', '13')).toBe(false);
  });
});
