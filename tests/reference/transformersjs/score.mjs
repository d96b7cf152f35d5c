#!/usr/bin/env node
// Scores texts with transformers.js from a local exported model folder, fully offline.
//
//   node score.mjs MODEL_FOLDER TEXTS.json [--batch-size N]
//
// MODEL_FOLDER is laid out as Hugging Face does: config.json, tokenizer.json, tokenizer_config.json and
// onnx/model.onnx. TEXTS.json is a JSON array of strings. On success, stdout holds exactly one JSON object:
//
//   {
//     "labels":        [label, ...],              // config.id2label, in id order
//     "probabilities": [[p, ...], ...],           // one row per text, one column per label, in "labels" order
//     "tokens":        [[id, ...], ...],          // the ids the pipeline's tokenizer gave each text (special
//                                                 // tokens included, truncated as the pipeline truncates, no padding)
//     "meta":          {...}                      // versions and what was fed to the ONNX session (informational)
//   }
//
// Everything the library logs goes to stderr. Exit codes: 0 success, 1 scoring failed, 2 bad usage or input.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

class UsageError extends Error {}

const USAGE = 'usage: node score.mjs MODEL_FOLDER TEXTS.json [--batch-size N]';
const DEFAULT_BATCH_SIZE = 16;

function fail(error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`score.mjs: error: ${error instanceof UsageError ? error.message : message}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
}

process.on('unhandledRejection', fail);
process.on('uncaughtException', fail);

function parseArgs(argv) {
    const positional = [];
    let batchSize = DEFAULT_BATCH_SIZE;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === '--batch-size' || arg.startsWith('--batch-size=')) {
            const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
            batchSize = Number(value);
            if (!Number.isInteger(batchSize) || batchSize < 1) {
                throw new UsageError(`--batch-size must be a positive integer, got ${JSON.stringify(value)}\n${USAGE}`);
            }
        } else if (arg === '-h' || arg === '--help') {
            process.stdout.write(`${USAGE}\n`);
            process.exit(0);
        } else if (arg.startsWith('--')) {
            throw new UsageError(`unknown option ${arg}\n${USAGE}`);
        } else {
            positional.push(arg);
        }
    }
    if (positional.length !== 2) {
        throw new UsageError(USAGE);
    }
    return { folder: path.resolve(positional[0]), textsFile: path.resolve(positional[1]), batchSize };
}

function readJson(file, what) {
    let text;
    try {
        text = fs.readFileSync(file, 'utf8');
    } catch (e) {
        throw new UsageError(`cannot read ${what} ${file}: ${e.message}`);
    }
    try {
        return JSON.parse(text);
    } catch (e) {
        throw new UsageError(`${what} ${file} is not valid JSON: ${e.message}`);
    }
}

function checkFolder(folder) {
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
        throw new UsageError(`model folder ${folder} does not exist or is not a directory`);
    }
    const required = ['config.json', 'tokenizer.json', 'tokenizer_config.json', path.join('onnx', 'model.onnx')];
    const missing = required.filter((f) => !fs.existsSync(path.join(folder, f)));
    if (missing.length > 0) {
        throw new UsageError(`model folder ${folder} lacks ${missing.join(', ')}`);
    }
    const config = readJson(path.join(folder, 'config.json'), 'config');
    const id2label = config.id2label;
    if (!id2label || typeof id2label !== 'object' || Object.keys(id2label).length === 0) {
        throw new UsageError(`${path.join(folder, 'config.json')} has no id2label`);
    }
    const count = Object.keys(id2label).length;
    const labels = [];
    for (let i = 0; i < count; i++) {
        const label = id2label[String(i)];
        if (typeof label !== 'string') {
            throw new UsageError(`config.json id2label must map "0".."${count - 1}" to label names; "${i}" is missing`);
        }
        labels.push(label);
    }
    if (new Set(labels).size !== labels.length) {
        throw new UsageError(`config.json id2label has duplicate label names: ${JSON.stringify(labels)}`);
    }
    return { config, labels };
}

async function main() {
    const { folder, textsFile, batchSize } = parseArgs(process.argv.slice(2));
    const texts = readJson(textsFile, 'texts file');
    if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) {
        throw new UsageError(`${textsFile} must hold a JSON array of strings`);
    }
    const { config, labels } = checkFolder(folder);

    // The library logs info and debug messages with console.log; keep stdout for the result alone.
    console.log = console.error;
    console.info = console.error;
    console.debug = console.error;

    const { pipeline, env } = await import('@huggingface/transformers');
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    // Nothing local is ever cached, but make sure no cache is consulted or written either.
    env.useFSCache = false;
    env.useBrowserCache = false;

    // An absolute path never matches the Hub model-id pattern, so transformers.js reads
    // `${folder}/config.json` etc. directly instead of `${env.localModelPath}/${id}/...`.
    const classifier = await pipeline('text-classification', folder, {
        dtype: 'fp32', // onnx/model.onnx (other dtypes add a suffix, e.g. q8 -> onnx/model_quantized.onnx)
        device: 'cpu',
        local_files_only: true,
    });

    const problemType = classifier.model.config.problem_type ?? null;
    if (problemType !== 'multi_label_classification') {
        process.stderr.write(
            `score.mjs: warning: config.problem_type is ${JSON.stringify(problemType)}, so the pipeline applies ` +
                'softmax across labels, not a per-label sigmoid\n',
        );
    }

    const labelIndex = new Map(labels.map((label, i) => [label, i]));
    const probabilities = [];
    const tokens = [];
    for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize);

        // The same call the pipeline makes (TextClassificationPipeline._call), to report its ids.
        const encoded = classifier.tokenizer(batch, { padding: true, truncation: true });
        const ids = encoded.input_ids.tolist();
        const mask = encoded.attention_mask.tolist();
        for (let r = 0; r < batch.length; r++) {
            tokens.push(ids[r].filter((_, c) => mask[r][c] !== 0n).map(Number));
        }

        const output = await classifier(batch, { top_k: null });
        if (!Array.isArray(output) || output.length !== batch.length) {
            throw new Error(`pipeline returned ${output?.length} results for ${batch.length} texts`);
        }
        for (const row of output) {
            // With top_k: null the pipeline returns every label, sorted by score: put them back in id order.
            const probs = new Array(labels.length).fill(null);
            for (const { label, score } of row) {
                const i = labelIndex.get(label);
                if (i === undefined || probs[i] !== null) {
                    throw new Error(`pipeline returned unexpected or repeated label ${JSON.stringify(label)}`);
                }
                probs[i] = score;
            }
            if (probs.some((p) => p === null)) {
                throw new Error(`pipeline returned ${row.length} labels, the config has ${labels.length}`);
            }
            probabilities.push(probs);
        }
    }

    const require = createRequire(import.meta.url);
    const meta = {
        transformers_js: env.version,
        onnxruntime_node: require('onnxruntime-node/package.json').version,
        model_type: config.model_type ?? null,
        problem_type: problemType,
        tokenizer_class: classifier.tokenizer.constructor.name,
        model_class: classifier.model.constructor.name,
        model_max_length: classifier.tokenizer.model_max_length,
        session_inputs: classifier.model.sessions.model.inputNames,
        session_outputs: classifier.model.sessions.model.outputNames,
        batch_size: batchSize,
    };

    await classifier.dispose?.();
    process.stdout.write(`${JSON.stringify({ labels, probabilities, tokens, meta })}\n`);
}

main().catch(fail);
