// Reference ids for a cased configuration: the same WordPiece vocab with BertNormalizer(lowercase=false,
// strip_accents=false), as a cased BERT model's BertTokenizerFast runs. No cased vocab is reachable offline; the
// uncased vocab still exercises everything a cased configuration changes (no lower-casing, no NFD, marks kept).
//   node cased.js <vocab.txt>   writes ../../tests/ToxicComments.Tests/Fixtures/tokenizer/cased/{tokenizer.json,bert-cased-config.jsonl}
'use strict';
const fs = require('fs');
const path = require('path');
const tk = require('tokenizers');

const FIXTURES = path.resolve(__dirname, '../../tests/ToxicComments.Tests/Fixtures/tokenizer');
const OUT = path.join(FIXTURES, 'cased');

async function main() {
    const vocab = process.argv[2];
    if (!vocab) { console.error('usage: node cased.js <vocab.txt>'); process.exit(2); }
    const model = await tk.WordPiece.fromFile(vocab, { unkToken: '[UNK]', continuingSubwordPrefix: '##', maxInputCharsPerWord: 100 });
    const tok = new tk.Tokenizer(model);
    tok.setNormalizer(tk.bertNormalizer({ cleanText: true, handleChineseChars: true, stripAccents: false, lowercase: false }));
    tok.setPreTokenizer(tk.bertPreTokenizer());
    tok.setPostProcessor(tk.bertProcessing(['[SEP]', 102], ['[CLS]', 101]));
    tok.addSpecialTokens(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    tok.setTruncation(512);

    const texts = [];
    for (const file of ['bert-uncased-tricky.jsonl', 'bert-uncased-generated.jsonl']) {
        for (const l of fs.readFileSync(path.join(FIXTURES, file), 'utf8').split('\n')) {
            if (l) texts.push(JSON.parse(l).text);
        }
    }
    const out = [];
    for (const text of texts) {
        const enc = await tok.encode(text);
        out.push(JSON.stringify({ text, max_length: 512, ids: enc.getIds(), tokens: enc.getTokens() }));
    }
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(path.join(OUT, 'bert-cased-config.jsonl'), out.join('\n') + '\n');
    tok.save(path.join(OUT, 'tokenizer.json'), true);
    console.log(`cased/bert-cased-config.jsonl: ${out.length} lines; cased/tokenizer.json saved`);
}

main().catch((e) => { console.error(e); process.exit(1); });
