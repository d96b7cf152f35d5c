'use strict';
// Deterministic generator of real-world-like comment texts for the tokenizer fixtures.
// Everything here depends only on the seed: no Date, no Math.random, no environment.

// ---------------------------------------------------------------------------------------------
// PRNG: mulberry32 (32-bit state, good enough for test data, identical on every platform).
function mulberry32(seed) {
    let a = seed >>> 0;
    return function next() {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

class Rng {
    constructor(seed) { this.next = mulberry32(seed); }
    float() { return this.next(); }
    int(lo, hi) { return lo + Math.floor(this.next() * (hi - lo + 1)); } // inclusive
    chance(p) { return this.next() < p; }
    pick(arr) { return arr[Math.floor(this.next() * arr.length)]; }
    weighted(pairs) { // [[weight, value], ...]
        let total = 0;
        for (const [w] of pairs) total += w;
        let r = this.next() * total;
        for (const [w, v] of pairs) { if ((r -= w) < 0) return v; }
        return pairs[pairs.length - 1][1];
    }
    shuffle(arr) {
        const a = arr.slice();
        for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(this.next() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; }
        return a;
    }
    times(n, f) { const out = []; for (let i = 0; i < n; i++) out.push(f(i)); return out; }
}

const cp = (...cps) => String.fromCodePoint(...cps);

// ---------------------------------------------------------------------------------------------
// Word and phrase banks.
const COMMON = ('the of and to a in is it you that he was for on are with as I his they be at one have this from or had by ' +
    'not word but what some we can out other were all there when up use your how said an each she which do their time if will ' +
    'way about many then them write would like so these her long make thing see him two has look more day could go come did ' +
    'number sound no most people my over know water than call first who may down side been now find any new work part take get ' +
    'place made live where after back little only round man year came show every good me give our under name very through just ' +
    'form sentence great think say help low line differ turn cause much mean before move right boy old too same tell does set ' +
    'three want air well also play small end put home read hand port large spell add even land here must big high such follow ' +
    'act why ask men change went light kind off need house picture try us again animal point mother world near build self earth ' +
    'father head stand own page should country found answer school grow study still learn plant cover food sun four between state ' +
    'keep eye never last let thought city tree cross farm hard start might story saw far sea draw left late run while press close ' +
    'night real life few north open seem together next white children begin got walk example ease paper group always music those ' +
    'both mark often letter until mile river car feet care second book carry took science eat room friend began idea fish mountain ' +
    'stop once base hear horse cut sure watch color face wood main enough plain girl usual young ready above ever red list though ' +
    'feel talk bird soon body dog family direct pose leave song measure door product black short numeral class wind question happen ' +
    'complete ship area half rock order fire south problem piece told knew pass since top whole king space heard best hour better ' +
    'true during hundred five remember step early hold west ground interest reach fast verb sing listen six table travel less morning').split(' ');

const WIKI_WORDS = ('article edit edits editor editors revert reverted reverting vandalism vandalize vandalized sources source cite ' +
    'citation citations reference references notability notable deletion delete deleted merge consensus policy guideline NPOV POV ' +
    'neutral neutrality biased bias talk page discussion administrator admin admins block blocked unblock ban banned sockpuppet ' +
    'sock warning warnings stub category infobox template redirect disambiguation copyright fair use image upload uploaded ' +
    'encyclopedia Wikipedia WikiProject userpage sandbox wikilink verifiability reliable original research OR BLP living persons ' +
    'speedy AfD RfC ANI 3RR edit-war edit-warring rollback undo diff oldid history archive archived').split(' ');

const INSULTS = ('idiot idiots stupid moron morons loser losers dumb dumbass jerk pathetic clown fool fools ignorant buffoon ' +
    'hypocrite troll trolls liar liars coward cowards nazi fascist bully bullies crap bullshit damn hell sucks suck shut ' +
    'fuck fucking fucked shit shitty asshole bastard bitch dick douche scum trash garbage worthless useless incompetent ' +
    'disgusting ridiculous absurd nonsense idiotic imbecile cretin nitwit dimwit numbskull twat wanker prick').split(' ');

const SENTENCES = [
    'Please do not vandalize pages, as you did with this edit.',
    'Why do you keep reverting my edits?',
    'This article is biased and you know it.',
    'I have added a reference to support the claim in the second paragraph.',
    'Thanks for the barnstar, much appreciated!',
    'Could someone please take a look at the infobox? The dates seem wrong.',
    'You are a complete idiot and should be banned from editing.',
    'Stop removing sourced content from this page.',
    'Welcome to Wikipedia! Here are a few links that might help you get started.',
    'I disagree with the proposed merge; the topics are clearly distinct.',
    'Who the hell do you think you are?',
    'If you continue to add unsourced material you will be blocked.',
    'That\'s the most ridiculous thing I\'ve ever read on this site.',
    'Per WP:BLP, contentious material about living persons must be removed immediately.',
    'Go away and never come back, nobody wants you here.',
    'The image was deleted because it lacked a fair use rationale.',
    'I\'m not going to waste my time arguing with a troll like you.',
    'Sorry, I didn\'t mean to remove that section, it was an accident.',
    'This is original research and should be removed.',
    'Can you explain why you deleted my article without any discussion?',
    'LOL you really think anyone cares about your opinion?',
    'Hey, nice work on the history section!',
    'Your edits are nothing but POV pushing.',
    'There is no consensus for this change, please discuss it here first.',
    'Shut up, you pathetic loser.',
    'I\'ve nominated this page for deletion as it fails the notability guidelines.',
    'What a load of crap.',
    'Do you even read the sources before citing them?',
    'I will report you to the administrators if this continues.',
    'Fine, have it your way. I\'m done here.',
    'The population figure comes from the 2010 census, not the 2000 one.',
    'Seriously?? Again??',
    'ok',
    'Thank you.',
    'u r so dumb lol',
    'whatever dude',
    'This page needs a lot of cleanup.',
    'Reverted vandalism by an anonymous IP.',
    'You have been blocked for 31 hours for disruptive editing.',
    'I think the lead section is way too long.',
];

const ARTICLES = ['Barack Obama', 'World War II', 'Albert Einstein', 'Quantum mechanics', 'São Paulo', 'Zürich', 'Kraków',
    'Москва', '東京', 'Ελλάδα', 'New York City', 'Israeli–Palestinian conflict', 'C++', 'C# (programming language)',
    'Nineteen Eighty-Four', 'The Beatles', 'Pokémon', 'Beyoncé', 'Dvořák', 'Łódź', 'Reykjavík', 'Mötley Crüe',
    'Jalapeño', 'Café au lait', 'Björk', 'Antonín Dvořák', 'Gödel\'s incompleteness theorems', 'Schrödinger equation',
    'Ho Chi Minh City', 'Nguyễn Phú Trọng', 'Ōsaka', 'Mahatma Gandhi', 'List of Star Trek episodes', 'Talk:Jesus',
    'User talk:Jimbo Wales', 'Wikipedia:Neutral point of view', 'Special:Contributions', 'Category:1990 births',
    'File:Example.jpg', 'Template:Citation needed', 'Apple Inc.', 'AT&T', '9/11 attacks', 'Côte d\'Ivoire'];

const USERS = ['JohnSmith', 'Wiki_Editor42', 'Ännchen', 'Ωmega', '李小龙', 'Mr. X', 'DarkLord666', 'CoolCat_99', 'Jimbo Wales',
    'SineBot', 'ClueBot NG', 'Ὀδυσσεύς', 'Сергей', 'José María', 'O\'Brien', 'xX_Sn1per_Xx', 'محمد', 'Dvořák fan'];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const TLDS = ['com', 'org', 'net', 'edu', 'gov', 'co.uk', 'de', 'fr', 'io', 'info', 'ru', 'jp', 'com.au', 'xyz'];
const DOMAINS = ['example', 'wikipedia', 'google', 'youtube', 'bbc', 'nytimes', 'archive', 'my-site', 'foo-bar', 'web',
    'news24', 'reddit', 'twitter', 'imgur', 'geocities', 'bit', 'tinyurl', 'stackoverflow'];

// Emoji.
const EMOJI = ['😀', '😂', '🤣', '😡', '😠', '🤬', '👍', '👎', '🔥', '💩', '🙄', '😭', '😍', '🤔', '😱', '🖕', '💀', '👀', '🙏',
    '🎉', '✨', '❤️', '❤', '💔', '😈', '🤡', '🐍', '🐷', '🍆', '💯', '✅', '❌', '⚠️', '☺', '☹️', '♥', '★', '☠️', '✌️', '⛔',
    '🫠', '🥲', '🫡', '🧌', '🪦', '🤌'];
const SKIN = ['🏻', '🏼', '🏽', '🏾', '🏿'];
const SKIN_BASE = ['👍', '👎', '👋', '👏', '🙌', '✋', '🤚', '🖐', '✌', '🤞', '👌', '🤙', '💪', '🖕', '👊', '🙏', '🧑', '👩', '👨', '👶'];
const ZWJ = ['👨\u200d👩\u200d👧\u200d👦', '👨\u200d👩\u200d👧', '👩\u200d💻', '👨\u200d🚀', '🏳️\u200d🌈', '🏳️\u200d⚧️',
    '🧑\u200d🤝\u200d🧑', '👁️\u200d🗨️', '❤️\u200d🔥', '👩\u200d❤️\u200d👨', '🐻\u200d❄️', '🧔\u200d♂️', '👮\u200d♀️',
    '🤦\u200d♂️', '🤷\u200d♀️', '🤦🏽\u200d♂️', '🤷🏻\u200d♀️', '👩🏿\u200d🔬', '😶\u200d🌫️', '🫱🏻\u200d🫲🏿'];
const FLAGS = ['🇺🇸', '🇬🇧', '🇩🇪', '🇫🇷', '🇯🇵', '🇨🇳', '🇮🇳', '🇷🇺', '🇺🇦', '🇮🇱', '🇵🇸', '🇧🇷', '🇨🇦', '🇦🇺', '🇪🇺', '🇺🇳',
    '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}', '🏁', '🚩', '🏴‍☠️'];
const KEYCAPS = ['1️⃣', '2️⃣', '#️⃣', '*️⃣', '0️⃣', '🔟'];
const EMOTICONS = [':)', ':-)', ':(', ':-(', ';)', ':D', 'xD', 'XD', ':P', ':-P', '<3', '</3', ':/', ':-|', 'o_O', 'O_o', '^_^',
    '-_-', 'T_T', '>:(', ':\'(', '¯\\_(ツ)_/¯', '(╯°□°）╯︵ ┻━┻', '( ͡° ͜ʖ ͡°)', 'ಠ_ಠ', '(ノಠ益ಠ)ノ彡┻━┻', '┬─┬ノ( º _ ºノ)', 'ʕ•ᴥ•ʔ', '(>_<)', '(＾▽＾)'];

// Non-Latin scripts: real phrases (several include marks that BERT's accent stripping removes).
const SCRIPTS = {
    chinese: ['你是个白痴', '这篇文章有偏见', '请不要破坏页面', '维基百科是自由的百科全书', '我不同意你的观点', '谢谢你的帮助！',
        '繁體中文的維基百科', '他媽的', '這是什麼鬼？', '中华人民共和国', '北京欢迎你', '你好，世界。', '垃圾', '滚开！', '笑死我了哈哈哈'],
    japanese: ['ウィキペディアへようこそ', 'このページを荒らさないでください', 'ばかやろう！', 'ありがとうございます', '日本語のテキスト',
        'すみません、よくわかりません', 'ｶﾀｶﾅ ﾊﾝｶｸ', 'ガギグゲゴ パピプペポ', '東京都渋谷区', '草www', 'なんでやねん', 'ヴァイオリン'],
    korean: ['위키백과에 오신 것을 환영합니다', '이 문서는 편향되어 있습니다', '바보야', '감사합니다', '한국어 텍스트 테스트', 'ㅋㅋㅋㅋㅋ', 'ㅠㅠ',
        '대한민국', '서울특별시', '닥쳐!'],
    arabic: ['مرحبا بك في ويكيبيديا', 'هذه المقالة متحيزة', 'أنت غبي', 'شكرا جزيلا', 'اَلْعَرَبِيَّةُ', 'بِسْمِ ٱللَّٰهِ', 'السلام عليكم',
        'مـــرحـــبا', 'الأرقام ١٢٣٤٥', 'فارسی: سلام دوست من', 'اردو: آپ کیسے ہیں؟'],
    hebrew: ['ברוך הבא לוויקיפדיה', 'המאמר הזה מוטה', 'אתה אידיוט', 'תודה רבה', 'שָׁלוֹם עֲלֵיכֶם', 'בְּרֵאשִׁית בָּרָא', 'עברית (Hebrew) mixed'],
    devanagari: ['विकिपीडिया में आपका स्वागत है', 'यह लेख पक्षपाती है', 'तुम मूर्ख हो', 'धन्यवाद', 'नमस्ते दुनिया', 'हिन्दी पाठ में मात्राएँ',
        'मराठी भाषा', 'संस्कृतम्', '१२३४५ रुपये', 'क्षत्रिय ज्ञान'],
    thai: ['ยินดีต้อนรับสู่วิกิพีเดีย', 'บทความนี้ลำเอียง', 'คุณโง่', 'ขอบคุณครับ', 'ภาษาไทยไม่มีช่องว่าง', '555555', 'สวัสดีค่ะ', 'กรุงเทพมหานคร'],
    cyrillic: ['Добро пожаловать в Википедию', 'Эта статья предвзята', 'Ты идиот', 'Спасибо большое!', 'Привет, мир', 'Ёлки-палки',
        'Україна — це Європа', 'Їжак і ґудзик', 'Српски језик', 'Беларуская мова', 'ЗАТКНИСЬ', 'блин'],
    greek: ['Καλώς ήρθατε στη Βικιπαίδεια', 'Αυτό το άρθρο είναι μεροληπτικό', 'Είσαι ηλίθιος', 'Ευχαριστώ πολύ', 'ΕΛΛΗΝΙΚΆ ΚΕΦΑΛΑΊΑ',
        'Ὦ ξεῖν᾽, ἀγγέλλειν Λακεδαιμονίοις', 'ΌΣΟΣ σοφός', 'λόγος; ναι'],
    other: ['Բարի գալուստ', 'ქართული ენა', 'বাংলা ভাষা', 'தமிழ் மொழி', 'తెలుగు భాష', 'ಕನ್ನಡ', 'മലയാളം', 'සිංහල', 'ພາສາລາວ',
        'ភាសាខ្មែរ', 'မြန်မာဘာသာ', 'བོད་ཡིག', 'አማርኛ', 'ᏣᎳᎩ', 'ᠮᠣᠩᠭᠣᠯ', 'ꦧꦱꦗꦮ', 'Tiếng Việt có dấu', 'Türkçe ığüşöç İI',
        'Polski: zażółć gęślą jaźń', 'Čeština: příliš žluťoučký kůň', 'Íslenska: þú ert fífl', 'Føroyskt og Dansk æøå',
        'Română: șțăîâ ŞŢ', 'Magyar: árvíztűrő tükörfúrógép', 'Deutsch: Größe, Straße, ÄÖÜ', 'Español: ¿Qué pasa? ¡Nada!',
        'Français : « Ça va ? » — oui', 'Português: não, coração, ação', 'Latviešu: ģērbšanās', 'Lietuvių: ąčęėįšųūž'],
};

// Scripts as code point blocks for pseudo-words.
const SCRIPT_BLOCKS = [
    [0x4e00, 0x9fff], [0x3400, 0x4dbf], [0x3041, 0x3096], [0x30a1, 0x30fa], [0xac00, 0xd7a3], [0x1100, 0x11ff], [0x3131, 0x318e],
    [0x0621, 0x064a], [0x064b, 0x0652], [0x05d0, 0x05ea], [0x0591, 0x05c7], [0x0905, 0x0939], [0x093e, 0x094d], [0x0e01, 0x0e3a],
    [0x0e40, 0x0e4e], [0x0410, 0x044f], [0x0391, 0x03a9], [0x03b1, 0x03c9], [0x0386, 0x03ce], [0x0531, 0x0556], [0x10d0, 0x10fa],
    [0x0980, 0x09ff], [0x0b80, 0x0bff], [0x1200, 0x137c], [0x0f00, 0x0fda], [0x1780, 0x17f9], [0x0e80, 0x0eff], [0x1000, 0x109f],
];

// Latin words with accents (NFC); NFD and mixed forms are derived.
const ACCENTED = ['naïve', 'café', 'résumé', 'Ångström', 'façade', 'jalapeño', 'piñata', 'crème brûlée', 'über', 'Zoë', 'Noël',
    'coöperate', 'Brontë', 'déjà vu', 'fiancée', 'señor', 'São Tomé', 'Ærøskøbing', 'Œuvre', 'smörgåsbord', 'Dvořák', 'Łukasz',
    'Škoda', 'Ñandú', 'Ünïcödé', 'ÀÁÂÃÄÅ', 'àáâãäå', 'ÈÉÊË', 'ÌÍÎÏ', 'ÒÓÔÕÖ', 'ÙÚÛÜ', 'Ýÿ', 'ǅungla', 'ǈubljana', 'Ǳemal',
    'Ĳssel', 'Ŀlobregat', 'ŉ', 'ǰ', 'ẞ', 'Ḁḁ', 'Ẹ̀', 'Ṩṩ', 'Ǖǖ', 'Ǻǻ', 'Ǿǿ', 'ḍ', 'ṭ', 'Kelvin \u212a', 'Angstrom \u212b', 'Ohm \u2126',
    'Việt Nam', 'Nguyễn', 'Trần Hưng Đạo', 'thuở', 'ÆØÅ', 'ĦĦ', 'Ŋŋ', 'Ƿ', 'ß', 'ĸ', 'ı', 'İstanbul', 'ǃKung'];

const COMBINING = [0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0x0306, 0x0307, 0x0308, 0x030a, 0x030b, 0x030c, 0x0323, 0x0327, 0x0328,
    0x0331, 0x0335, 0x0336, 0x0338, 0x034f, 0x0360, 0x0361, 0x0362, 0x0489, 0x20dd, 0x20e3, 0x1ab0, 0x1dc0, 0x1dca, 0xfe20, 0xfe2f,
    0x0363, 0x036f, 0x0483, 0x0591, 0x05b4, 0x064e, 0x0670, 0x093c, 0x0951, 0x0e48, 0x3099, 0x309a, 0x1d167, 0x1d16d];

// Invisible, control and whitespace characters (all valid scalar values).
const CONTROLS = ['\0', '\t', '\n', '\r', '\r\n', '\u0001', '\u0002', '\u0007', '\u0008', '\u000b', '\u000c', '\u000e', '\u001b',
    '\u001c', '\u001d', '\u001e', '\u001f', '\u007f', '\u0080', '\u0085', '\u008d', '\u009f', '\u00a0', '\u00ad', '\u034f',
    '\u061c', '\u115f', '\u1160', '\u1680', '\u180e', '\u2000', '\u2002', '\u2003', '\u2007', '\u2009', '\u200a', '\u200b', '\u200c',
    '\u200d', '\u200e', '\u200f', '\u2028', '\u2029', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u202f', '\u205f',
    '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\u2066', '\u2067', '\u2068', '\u2069', '\u206a', '\u206f', '\u2800',
    '\u3000', '\u3164', '\ufe0e', '\ufe0f', '\ufeff', '\ufff9', '\ufffa', '\ufffb', '\ufffc', '\ufffd', '\uffa0', '\u{1d173}',
    '\u{e0001}', '\u{e0020}', '\u{e0041}', '\u{e007f}', '\u{e0100}', '\u{f0000}', '\ue000', '\uf8ff', '\u{10fffd}', '\ufffe',
    '\uffff', '\u{1fffe}', '\u{10ffff}', '\ufdd0'];

const PUNCT_RUNS = ['!', '?', '.', ',', ';', ':', '-', '_', '*', '=', '~', '#', '$', '%', '&', '+', '/', '\\', '|', '^', '`', '@',
    '<', '>', '(', ')', '[', ']', '{', '}', '"', '\'', '…', '—', '–', '‒', '―', '«', '»', '¡', '¿', '、', '。', '「', '」', '《',
    '》', '†', '‡', '•', '·', '§', '¶', '‰', '′', '″', '‹', '›', '〈', '〉', '！', '？', '．', '，', '：', '；', '、', '※', '⁂',
    '‼', '⁉', '⸮', '؟', '،', '।', '॥', '჻', '፧', '፨', '‽', '⁇', '⁈', '〰', '〽', '⸘', '⹀'];
const SYMBOLS = ['€', '£', '¥', '¢', '₹', '₽', '₿', '©', '®', '™', '°', '±', '×', '÷', '→', '←', '↑', '↓', '⇒', '♥', '★', '☆', '✓',
    '✔', '✗', '✘', '∞', '≈', '≠', '≤', '≥', '√', '∑', '∫', 'µ', 'Ω', '℃', '℉', '№', '½', '¼', '¾', '²', '³', '¹', '⁰', '₂', '①', '②',
    'Ⅻ', 'ⓐ', 'Ⓐ', '㎏', '㎡', 'ﬁ', 'ﬂ', 'ﬀ', 'Ａ', 'ｚ', '７', '＄', '＠', '𝐀', '𝒜', '𝔸', '𝕏', '𝟘', '𝓱𝓮𝓵𝓵𝓸', '🅰', 'Ⓕ'];
const QUOTES = ['\'', '"', '‘', '’', '‚', '‛', '“', '”', '„', '‟', '«', '»', '‹', '›', '「', '」', '『', '』', '`', '´', '′', '″',
    'ʼ', 'ʻ', 'ˈ', '＇', '＂', '〝', '〞', '❛', '❜', '❝', '❞'];
const CONTRACTIONS = ['don\'t', 'can\'t', 'won\'t', 'isn\'t', 'I\'m', 'you\'re', 'it\'s', 'they\'ve', 'we\'d', 'y\'all', 'ma\'am',
    'o\'clock', 'rock \'n\' roll', 'O\'Neill', 'ain\'t', 'shouldn\'t\'ve', 'Hawai\'i'];

// Random Unicode: ranges of scalar values (surrogates D800-DFFF are never included).
const UNICODE_RANGES = [
    [30, 0x0020, 0x007e], [4, 0x0000, 0x001f], [2, 0x007f, 0x009f], [8, 0x00a0, 0x00ff], [6, 0x0100, 0x024f], [3, 0x0250, 0x02ff],
    [5, 0x0300, 0x036f], [4, 0x0370, 0x03ff], [4, 0x0400, 0x04ff], [2, 0x0530, 0x058f], [3, 0x0590, 0x05ff], [4, 0x0600, 0x06ff],
    [2, 0x0700, 0x08ff], [4, 0x0900, 0x097f], [3, 0x0980, 0x0dff], [3, 0x0e00, 0x0e7f], [2, 0x0e80, 0x0fff], [2, 0x1000, 0x10ff],
    [3, 0x1100, 0x11ff], [2, 0x1200, 0x1fff], [5, 0x2000, 0x206f], [2, 0x2070, 0x20cf], [2, 0x20d0, 0x20ff], [3, 0x2100, 0x23ff],
    [3, 0x2400, 0x27bf], [2, 0x27c0, 0x2bff], [2, 0x2c00, 0x2e7f], [3, 0x2e80, 0x2fdf], [3, 0x3000, 0x303f], [4, 0x3040, 0x30ff],
    [2, 0x3100, 0x33ff], [3, 0x3400, 0x4dbf], [8, 0x4e00, 0x9fff], [2, 0xa000, 0xabff], [4, 0xac00, 0xd7a3], [1, 0xd7b0, 0xd7ff],
    [2, 0xe000, 0xf8ff], [2, 0xf900, 0xfaff], [2, 0xfb00, 0xfdff], [2, 0xfe00, 0xfe6f], [3, 0xfe70, 0xffff], [3, 0x10000, 0x1cfff],
    [2, 0x1d000, 0x1d7ff], [2, 0x1e000, 0x1efff], [6, 0x1f000, 0x1faff], [3, 0x20000, 0x2fa1f], [1, 0x30000, 0x323af],
    [1, 0xe0000, 0xe01ef], [1, 0xf0000, 0x10ffff], [2, 0x0000, 0x10ffff],
];

// ---------------------------------------------------------------------------------------------
// Building blocks.
function makeBuilders(rng) {
    const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
    const words = (n, bank = COMMON) => rng.times(n, () => rng.pick(bank)).join(' ');
    const ipv4 = () => `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
    const date = () => `${rng.int(0, 23).toString().padStart(2, '0')}:${rng.int(0, 59).toString().padStart(2, '0')}, ${rng.int(1, 28)} ${rng.pick(MONTHS)} ${rng.int(2002, 2017)} (UTC)`;

    function sentence() {
        const r = rng.float();
        if (r < 0.35) return rng.pick(SENTENCES);
        const n = rng.int(3, 16);
        const parts = [];
        for (let i = 0; i < n; i++) {
            const b = rng.float();
            parts.push(b < 0.12 ? rng.pick(INSULTS) : b < 0.3 ? rng.pick(WIKI_WORDS) : rng.pick(COMMON));
        }
        let s = cap(parts.join(' '));
        if (rng.chance(0.2)) s = s.replace(' ', ', ');
        return s + rng.weighted([[6, '.'], [2, '!'], [2, '?'], [1, '...'], [1, '!!!'], [1, ''], [1, '?!']]);
    }

    function signature() {
        return rng.weighted([
            [4, () => `[[User:${rng.pick(USERS)}|${rng.pick(USERS)}]] ([[User talk:${rng.pick(USERS)}|talk]]) ${date()}`],
            [2, () => `~~~~`],
            [2, () => `—Preceding [[Wikipedia:Signatures|unsigned]] comment added by ${ipv4()} ([[User talk:${ipv4()}|talk]]) ${date()}`],
            [1, () => `--${rng.pick(USERS)} ${date()}`],
            [1, () => `{{unsigned|${rng.pick(USERS)}|${date()}}}`],
            [1, () => `~~~`],
        ])();
    }

    function markup() {
        const a = rng.pick(ARTICLES);
        return rng.weighted([
            [4, () => `[[${a}]]`], [3, () => `[[${a}|${words(rng.int(1, 3))}]]`], [2, () => `[[${a}]]s`],
            [2, () => `{{cite web|url=${url()}|title=${cap(words(rng.int(2, 5)))}|accessdate=${rng.int(1, 28)} ${rng.pick(MONTHS)} ${rng.int(2005, 2016)}}}`],
            [2, () => `{{${rng.pick(['citation needed', 'fact', 'POV', 'unreferenced', 'notability', 'db-spam', 'uw-vandalism1', 'uw-npa4', 'welcome', 'blocked', 'reflist', 'talkback|' + rng.pick(USERS)])}}}`],
            [2, () => `<ref>${cap(words(rng.int(2, 6)))}, ${url()}</ref>`], [1, () => `<ref name="${rng.pick(COMMON)}${rng.int(1, 99)}" />`],
            [1, () => `<ref name=":0">{{cite book|last=${rng.pick(USERS)}|year=${rng.int(1900, 2015)}|page=${rng.int(1, 999)}}}</ref>`],
            [2, () => `'''${words(rng.int(1, 3))}'''`], [2, () => `''${words(rng.int(1, 3))}''`], [1, () => `'''''${words(rng.int(1, 2))}'''''`],
            [2, () => `\n== ${cap(words(rng.int(1, 4)))} ==\n`], [1, () => `\n=== ${cap(words(rng.int(1, 3)))} ===\n`], [1, () => `\n==${cap(words(2))}==\n`],
            [1, () => '<br />'], [1, () => '<br>'], [1, () => `<!-- ${words(rng.int(2, 6))} -->`], [1, () => `<nowiki>${words(2)}</nowiki>`],
            [1, () => `<small>${words(3)}</small>`], [1, () => `<span style="color:red">${words(2)}</span>`], [1, () => '&nbsp;'],
            [1, () => '&mdash;'], [1, () => '&amp;'], [1, () => `[${url()} ${words(rng.int(1, 3))}]`], [1, () => `[[File:${rng.pick(COMMON)}.jpg|thumb|200px|${words(3)}]]`],
            [1, () => `\n{| class="wikitable"\n|-\n! ${words(1)} !! ${words(1)}\n|-\n| ${rng.int(1, 999)} || ${words(1)}\n|}\n`],
            [1, () => `\n* ${sentence()}\n* ${sentence()}`], [1, () => `\n# ${sentence()}\n# ${sentence()}`], [2, () => `\n:${':'.repeat(rng.int(0, 4))} `],
            [1, () => `[[:Category:${rng.pick(COMMON)}]]`], [1, () => `[[de:${a}]]`], [1, () => `{{Talk header}}`], [1, () => `WP:${rng.pick(['NPOV', 'BLP', 'RS', 'V', 'NOR', '3RR', 'AGF', 'NPA', 'CIVIL', 'DENY'])}`],
        ])();
    }

    function url() {
        const host = `${rng.chance(0.5) ? 'www.' : ''}${rng.pick(DOMAINS)}.${rng.pick(TLDS)}`;
        return rng.weighted([
            [5, () => `${rng.pick(['http', 'https'])}://${host}/${words(rng.int(0, 3)).replace(/ /g, '/')}`],
            [3, () => `https://${host}/path/to/page.html?q=${rng.pick(COMMON)}&id=${rng.int(1, 99999)}&x=%20${rng.pick(COMMON)}#section-${rng.int(1, 9)}`],
            [2, () => `https://en.wikipedia.org/wiki/${rng.pick(ARTICLES).replace(/ /g, '_')}`],
            [2, () => `http://en.wikipedia.org/w/index.php?title=${rng.pick(ARTICLES).replace(/ /g, '_')}&diff=${rng.int(1e7, 9e8)}&oldid=${rng.int(1e7, 9e8)}`],
            [1, () => `https://en.wikipedia.org/wiki/Special:Contributions/${ipv4()}`],
            [1, () => `${host}`], [1, () => `www.${rng.pick(DOMAINS)}.${rng.pick(TLDS)}`],
            [1, () => `ftp://ftp.${rng.pick(DOMAINS)}.org/pub/file-${rng.int(1, 99)}.tar.gz`],
            [1, () => `http://${ipv4()}:${rng.int(80, 65535)}/admin`], [1, () => `http://[2001:db8::${rng.int(1, 9999).toString(16)}]:8080/`],
            [1, () => `https://münchen.de/straße?ä=ö`], [1, () => `http://пример.рф/путь`], [1, () => `https://例え.jp/パス`],
            [1, () => `https://youtu.be/${rng.times(11, () => rng.pick('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'.split(''))).join('')}`],
            [1, () => `https://bit.ly/${rng.times(7, () => rng.pick('abcdefghijkmnpqrstuvwxyzABCDEFGH23456789'.split(''))).join('')}`],
            [1, () => `mailto:${email()}`], [1, () => `<${rng.pick(['http', 'https'])}://${host}>`], [1, () => `(${rng.pick(['http', 'https'])}://${host}/wiki/Foo_(bar))`],
            [1, () => `https://user:p%40ss@${host}:8443/a/b;c?d=e+f`], [1, () => `file:///C:/Users/${rng.pick(USERS)}/Desktop/x.txt`],
        ])();
    }

    function email() {
        const local = rng.weighted([[3, () => rng.pick(COMMON)], [2, () => `${rng.pick(COMMON)}.${rng.pick(COMMON)}`],
            [1, () => `${rng.pick(COMMON)}+${rng.pick(WIKI_WORDS)}`], [1, () => `${rng.pick(COMMON)}_${rng.int(1, 999)}`],
            [1, () => `"${rng.pick(COMMON)} ${rng.pick(COMMON)}"`], [1, () => `ñandú`], [1, () => `用户`]])();
        return `${local}@${rng.pick(DOMAINS)}.${rng.pick(TLDS)}`;
    }

    function emoji() {
        return rng.weighted([
            [6, () => rng.pick(EMOJI)], [3, () => rng.pick(SKIN_BASE) + rng.pick(SKIN)], [3, () => rng.pick(ZWJ)], [3, () => rng.pick(FLAGS)],
            [1, () => rng.pick(KEYCAPS)], [2, () => rng.pick(EMOJI).repeat(rng.int(2, 8))], [2, () => rng.pick(EMOTICONS)],
            [1, () => rng.pick(SKIN)], [1, () => cp(0x1f1e6 + rng.int(0, 25))], [1, () => rng.pick(SKIN_BASE) + '\ufe0f' + rng.pick(SKIN)],
        ])();
    }

    function scriptPhrase() {
        const k = rng.pick(Object.keys(SCRIPTS));
        return rng.pick(SCRIPTS[k]);
    }

    function pseudoScriptWord() {
        const [lo, hi] = rng.pick(SCRIPT_BLOCKS);
        return rng.times(rng.int(1, 8), () => cp(rng.int(lo, hi))).join('');
    }

    function accented() {
        const w = rng.pick(ACCENTED);
        return rng.weighted([[3, () => w], [3, () => w.normalize('NFD')], [1, () => w.normalize('NFKD')], [1, () => w.toUpperCase()],
            [1, () => [...w].map((c) => (rng.chance(0.5) ? c.normalize('NFD') : c)).join('')]])();
    }

    function combiningWord() {
        const base = rng.pick(['a', 'e', 'o', 'n', 'z', 'A', 'Z', 'x', 'ß', 'α', 'и', 'ה', 'ب', 'क', '中', '1', '!', ' ', '😀', 'ᄀ']);
        let s = base;
        const n = rng.weighted([[5, 1], [3, 2], [2, 4], [1, 12], [1, 30]]);
        for (let i = 0; i < n; i++) s += cp(rng.pick(COMBINING));
        return s;
    }

    function zalgo(text) {
        let out = '';
        for (const ch of text) {
            out += ch;
            if (ch !== ' ') for (let i = rng.int(0, 6); i > 0; i--) out += cp(rng.int(0x0300, 0x036f));
        }
        return out;
    }

    function sprinkleControls(text, density) {
        let out = '';
        for (const ch of text) {
            out += ch;
            if (rng.chance(density)) out += rng.pick(CONTROLS);
        }
        return out;
    }

    function randomUnicode(n) {
        let s = '';
        for (let i = 0; i < n; i++) {
            if (rng.chance(0.12)) { s += ' '; continue; }
            const [lo, hi] = rng.weighted(UNICODE_RANGES.map(([w, a, b]) => [w, [a, b]]));
            let c = rng.int(lo, hi);
            if (c >= 0xd800 && c <= 0xdfff) c = rng.int(0xe000, 0xffff); // never a surrogate
            s += cp(c);
        }
        return s;
    }

    // Thousands grouping without Intl, so that the output does not depend on Node's ICU data.
    const group = (n, sep) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);

    function number() {
        return rng.weighted([
            [3, () => String(rng.int(0, 100000))], [2, () => (rng.float() * 1000).toFixed(rng.int(1, 5))],
            [2, () => group(rng.int(1000, 99999999), ',')], [1, () => group(rng.int(1000, 9999999), '.')], [1, () => group(rng.int(1000, 9999999), ' ')],
            [1, () => `${rng.int(1, 100)}%`], [1, () => `$${rng.int(1, 9999)}.${rng.int(10, 99)}`], [1, () => `-${rng.int(1, 999)}`],
            [1, () => `${rng.int(1990, 2017)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`],
            [1, () => `${rng.int(1, 12)}/${rng.int(1, 28)}/${rng.int(1990, 2017)}`], [1, () => `${rng.int(0, 23)}:${String(rng.int(0, 59)).padStart(2, '0')}`],
            [1, () => `${rng.int(1, 99)}${rng.pick(['st', 'nd', 'rd', 'th'])}`], [1, () => `+1 (${rng.int(200, 999)}) ${rng.int(200, 999)}-${rng.int(1000, 9999)}`],
            [1, () => `${rng.int(1, 9)}.${rng.int(0, 999)}e${rng.pick(['', '-', '+'])}${rng.int(1, 30)}`], [1, () => `0x${rng.int(0, 0xffffff).toString(16).toUpperCase()}`],
            [1, () => ipv4()], [1, () => `v${rng.int(1, 9)}.${rng.int(0, 20)}.${rng.int(0, 99)}`], [1, () => `${rng.int(1, 9)}½`],
            [1, () => '٠١٢٣٤٥٦٧٨٩'.slice(0, rng.int(1, 10))], [1, () => '०१२३४५६७८९'.slice(0, rng.int(1, 10))], [1, () => '０１２３４５６７８９'.slice(0, rng.int(1, 10))],
            [1, () => `${rng.int(10, 99)}${rng.pick(['km', 'kg', 'mph', 'px', 'GB', 'k', 'M', 'bn'])}`], [1, () => `#${rng.int(1, 999)}`],
            [1, () => rng.pick(['MMXVII', 'XIV', 'iv', '1e10', '3.14159265358979323846', '007', '1,2,3', '1.2.3.4.5', '10^6', '2²', 'H₂O', 'CO₂'])],
        ])();
    }

    function punctRun() {
        return rng.weighted([
            [4, () => rng.pick(PUNCT_RUNS).repeat(rng.int(2, 40))],
            [3, () => rng.times(rng.int(2, 30), () => rng.pick(PUNCT_RUNS)).join('')],
            [1, () => rng.pick(['?!?!?!', '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!', '.....', '……', '——', '-----', '=====', '*****', '~~~~~~~~', '$$$$',
                '!1!!1!one!!', '?¿?¿', '()()()', '[][][]', '{}{}', '<><><>', '\\\\//\\\\//', '#####', '@@@@', '^^^^^', '`````', '"""', '\'\'\'\''])],
        ])();
    }

    function quoted() {
        const w = words(rng.int(1, 4));
        return rng.weighted([
            [3, () => { const q = rng.pick(QUOTES); return `${q}${w}${q}`; }],
            [2, () => `${rng.pick(QUOTES)}${w}${rng.pick(QUOTES)}`],
            [2, () => rng.pick(CONTRACTIONS)],
            [1, () => rng.pick(CONTRACTIONS).replace(/'/g, rng.pick(['’', 'ʼ', '`', '´', '′', '＇', 'ʻ']))],
            [1, () => `${rng.pick(['l\'', 'd\'', 'qu\'', 'j\'', 'c\'', 'n\''])}${rng.pick(['homme', 'accord', 'est', 'ai', 'était', 'importe'])}`],
        ])();
    }

    function shout(text) { return text.toUpperCase(); }
    function mixedCase(text) { return [...text].map((c) => (rng.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join(''); }
    function leet(text) {
        const m = { a: '4', e: '3', i: '1', o: '0', s: '$', t: '7', l: '1', g: '9' };
        return [...text].map((c) => (m[c.toLowerCase()] && rng.chance(0.6) ? m[c.toLowerCase()] : c)).join('');
    }
    function spaced(word) { return [...word].join(rng.pick([' ', '.', '-', '_', '*', ' . ', '\u200b', '\u00a0'])); }
    function stretch(word) { // "sooooo"
        const chars = [...word];
        const i = rng.int(0, chars.length - 1);
        chars[i] = chars[i].repeat(rng.int(3, 30));
        return chars.join('');
    }

    function longWord() {
        return rng.weighted([
            [2, () => rng.pick(['a', 'h', 'o', 'z', 'x', 'ha', 'lol', 'no', 'fuck', 'é', 'ö', '中', 'я', 'ㅋ']).repeat(rng.int(101, 260))],
            [2, () => rng.times(rng.int(12, 40), () => rng.pick(COMMON)).join('')],
            [1, () => 'https://' + rng.times(rng.int(15, 30), () => rng.pick(COMMON)).join('') + '.com'],
            [1, () => rng.times(rng.int(101, 220), () => rng.pick('abcdefghijklmnopqrstuvwxyz0123456789'.split(''))).join('')],
            [1, () => rng.times(rng.int(60, 120), () => rng.pick(['é', 'ü', 'ñ', 'ø', 'å', 'ç'])).join('').normalize('NFD')],
            [1, () => rng.times(rng.int(40, 70), () => rng.pick(EMOJI)).join('')],
            [1, () => stretch(rng.pick(INSULTS)) + rng.pick(['', 'a'.repeat(rng.int(95, 130))])],
            [1, () => rng.times(rng.int(101, 150), () => cp(rng.int(0x1d400, 0x1d4ff))).join('')],
            [1, () => 'Lopadotemachoselachogaleokranioleipsanodrimhypotrimmatosilphioparaomelitokatakechymenokichlepikossyphophattoperisteralektryonoptekephalliokigklopeleiolagoiosiraiobaphetraganopterygon'],
            [1, () => 'pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(rng.int(2, 4))],
        ])();
    }

    return {
        rng, cap, words, sentence, signature, markup, url, email, emoji, scriptPhrase, pseudoScriptWord, accented, combiningWord,
        zalgo, sprinkleControls, randomUnicode, number, punctRun, quoted, shout, mixedCase, leet, spaced, stretch, longWord,
    };
}

// ---------------------------------------------------------------------------------------------
// Categories. Each returns one text; the generator decides how many of each.
function makeCategories(b) {
    const { rng } = b;
    const join = (parts) => parts.join(rng.weighted([[8, ' '], [1, '\n'], [1, '\n\n'], [1, '  ']]));

    function talkComment() {
        const parts = [];
        const n = rng.int(1, 6);
        for (let i = 0; i < n; i++) {
            parts.push(rng.weighted([[6, () => b.sentence()], [3, () => b.markup()], [1, () => b.url()], [1, () => b.emoji()],
                [1, () => b.quoted()], [1, () => b.number()]])());
        }
        if (rng.chance(0.5)) parts.push(b.signature());
        let t = join(parts);
        if (rng.chance(0.15)) t = rng.chance(0.5) ? b.shout(t) : b.mixedCase(t);
        if (rng.chance(0.08)) t = b.leet(t);
        if (rng.chance(0.1)) t = '"\n' + t + '\n"'; // Jigsaw-style quoted multi-line comment
        return t;
    }

    return {
        talk: talkComment,
        url: () => join(rng.times(rng.int(1, 4), () => rng.weighted([[4, () => b.url()], [2, () => b.email()], [3, () => b.sentence()],
            [1, () => `(${b.url()})`], [1, () => `${b.url()}.`], [1, () => `"${b.url()}"`], [1, () => `<${b.email()}>`], [1, () => `${b.url()}${b.url()}`]])())),
        emoji: () => rng.weighted([
            [3, () => join(rng.times(rng.int(1, 5), () => (rng.chance(0.5) ? b.emoji() : b.sentence())))],
            [2, () => b.words(rng.int(1, 5)) + b.emoji() + b.words(rng.int(0, 3))],
            [1, () => rng.times(rng.int(1, 12), () => b.emoji()).join(rng.pick(['', ' ', '\u200d', '\ufe0f']))],
            [1, () => b.rng.pick(INSULTS) + ' ' + b.emoji() + b.emoji()],
        ])(),
        scripts: () => rng.weighted([
            [4, () => b.scriptPhrase()], [3, () => join([b.scriptPhrase(), b.sentence()])], [2, () => join(rng.times(rng.int(2, 6), () => b.pseudoScriptWord()))],
            [2, () => `${b.words(rng.int(1, 3))}${b.scriptPhrase()}${b.words(rng.int(1, 3))}`], [1, () => join(rng.times(rng.int(2, 4), () => b.scriptPhrase()))],
            [1, () => `[[${b.scriptPhrase()}]] {{lang|${rng.pick(['zh', 'ja', 'ko', 'ar', 'he', 'hi', 'th', 'ru', 'el'])}|${b.scriptPhrase()}}}`],
        ])(),
        accents: () => rng.weighted([
            [4, () => join(rng.times(rng.int(1, 6), () => (rng.chance(0.6) ? b.accented() : b.words(rng.int(1, 3)))))],
            [2, () => join(rng.times(rng.int(1, 4), () => b.combiningWord()))],
            [2, () => b.zalgo(b.sentence())], [1, () => b.sentence().normalize('NFD')],
            [1, () => join(rng.times(rng.int(2, 8), () => rng.pick(SYMBOLS)))], [1, () => `${b.words(2)} ${rng.pick(SYMBOLS)}${b.words(1)}${rng.pick(SYMBOLS)}`],
        ])(),
        controls: () => rng.weighted([
            [3, () => b.sprinkleControls(b.sentence(), rng.pick([0.05, 0.15, 0.4]))],
            [2, () => b.spaced(rng.pick(INSULTS))],
            [2, () => rng.times(rng.int(1, 5), () => b.sentence()).join(rng.pick(CONTROLS))],
            [1, () => rng.times(rng.int(1, 20), () => rng.pick(CONTROLS)).join('')],
            [1, () => `${rng.pick(CONTROLS)}${b.sentence()}${rng.pick(CONTROLS)}`],
            [1, () => b.sentence().replace(/ /g, rng.pick(['\t', '\u00a0', '\u3000', '\u2003', '\u202f', '\u2028', '\r\n', '\u0085', '\u000b', '\u001f', '\u1680']))],
        ])(),
        longWords: () => rng.weighted([[3, () => join([b.sentence(), b.longWord(), b.sentence()])], [2, () => b.longWord()],
            [1, () => join([b.longWord(), b.longWord()])]])(),
        misc: () => rng.weighted([
            [3, () => join([b.sentence(), b.punctRun(), b.sentence()])], [2, () => b.punctRun()],
            [3, () => join(rng.times(rng.int(1, 8), () => b.number()))], [2, () => join([b.sentence(), b.number(), b.words(2), b.number()])],
            [3, () => b.shout(join(rng.times(rng.int(1, 4), () => b.sentence())))], [2, () => b.mixedCase(b.sentence())],
            [3, () => join(rng.times(rng.int(1, 5), () => (rng.chance(0.6) ? b.quoted() : b.sentence())))],
            [1, () => b.leet(b.sentence())], [1, () => b.stretch(rng.pick(INSULTS)) + rng.pick(['!!!', '?', '', ' ' + b.emoji()])],
            [1, () => b.words(rng.int(1, 4)).split(' ').map((w) => b.spaced(w)).join('   ')],
            [1, () => `${rng.pick(['#', '@'])}${rng.pick(COMMON)}${rng.pick(['', rng.pick(COMMON)])} ${rng.pick(['#', '@'])}${rng.pick(USERS)}`],
            [1, () => `<${rng.pick(['b', 'i', 'div', 'script', 'a href="x"', 'p'])}>${b.words(2)}</${rng.pick(['b', 'i', 'div', 'script', 'a', 'p'])}> &lt;${rng.pick(COMMON)}&gt; &#${rng.int(32, 9999)}; &#x${rng.int(32, 9999).toString(16)};`],
            [1, () => `\`\`\`${b.words(3)}\`\`\` \`${rng.pick(COMMON)}()\` ${rng.pick(COMMON)}_${rng.pick(COMMON)}.${rng.pick(COMMON)}(${rng.int(0, 9)}) => {}; // ${b.words(2)}`],
        ])(),
        random: () => b.randomUnicode(rng.weighted([[4, rng.int(1, 8)], [4, rng.int(8, 30)], [2, rng.int(30, 80)]])),
    };
}

module.exports = { Rng, makeBuilders, makeCategories, SENTENCES, INSULTS, COMMON, SCRIPTS, EMOJI, CONTROLS };
