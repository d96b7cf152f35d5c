// The npm peer of the tokenizer benchmark: Hugging Face's Rust tokenizer through its Node binding, encodeBatch.
//   node encode-batch.js <tokenizer.json> <texts.json>   prints {"texts": N, "seconds": S}
'use strict';
const fs = require('fs');
const tk = require(require.resolve('tokenizers', { paths: [process.env.TOKENIZERS_MODULES] }));

async function main() {
    const [tokenizerJson, textsJson] = process.argv.slice(2);
    const tok = tk.Tokenizer.fromFile(tokenizerJson);
    const texts = JSON.parse(fs.readFileSync(textsJson, 'utf8'));
    const start = process.hrtime.bigint();
    for (let i = 0; i < texts.length; i += 4096) {
        await tok.encodeBatch(texts.slice(i, i + 4096));
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(JSON.stringify({ texts: texts.length, seconds }));
}

main().catch((e) => { console.error(e); process.exit(1); });
