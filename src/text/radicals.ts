/**
 * CJK Radicals Supplement (U+2E80–U+2EF3) → the unified ideograph each is drawn like (Unicode's
 * EquivalentUnifiedIdeograph.txt). NFKC leaves this block alone (it maps only the Kangxi radicals, U+2F00–U+2FD5),
 * so ⻙ written for 韦 or ⻔ for 门 would otherwise slip past a matcher.
 */
const PAIRS =
  "⺁厂⺄乙⺅亻⺆冂⺇几⺉刂⺊卜⺋㔾⺌小⺍小⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺗㣺⺘扌⺙攵⺛旡⺜日⺝月⺞歺⺟母⺠民" +
  "⺡氵⺢氺⺣灬⺤爫⺥爫⺦丬⺧牛⺨犭⺩王⺪疋⺫罒⺬示⺭礻⺮竹⺯糸⺰纟⺱罓⺲罒⺳㓁⺴罓⺵罓⺶羊⺷羊⺹耂⺺肀⺻聿" +
  "⺼月⺽臼⺾艹⺿艹⻀艹⻁虎⻂衤⻃覀⻄西⻅见⻆角⻈讠⻉贝⻋车⻌辶⻍辶⻎辶⻏阝⻐钅⻑長⻒镸⻓长⻔门⻖阝" +
  "⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟";

export const RADICAL_EQUIVALENTS: ReadonlyMap<string, string> = (() => {
  const chars = [...PAIRS];
  const m = new Map<string, string>();
  for (let i = 0; i + 1 < chars.length; i += 2) m.set(chars[i]!, chars[i + 1]!);
  return m;
})();
