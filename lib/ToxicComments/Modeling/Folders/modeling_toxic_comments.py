"""Classification heads of ToxicComments (C#, TorchSharp) for Hugging Face transformers.

ToxicComments writes this file next to config.json when it saves a model whose head is not a transformers class:
the mean-pooled head (`MeanPooledClassifier`) and the tutorial's head (`ToxicCommentClassifier`). Load such a
folder with trust_remote_code=True, which runs the classes below:

    from transformers import pipeline
    classify = pipeline("text-classification", model=folder, trust_remote_code=True, top_k=None)
    classify("You are an idiot", truncation=True)

config.json names this file in its auto_map and has its own model_type ("toxic_comments"), so that transformers
refuses the folder without trust_remote_code instead of building BertForSequenceClassification from it, which would
classify the pooler's output instead of the head's and give other probabilities without a warning.

The encoder is transformers' own BertModel or DistilBertModel, built from the "encoder" entry of config.json (a
stock BERT or DistilBERT config). Its weights keep the prefix of transformers' task models ("bert." or
"distilbert."); the head's weights have names that no stock head uses.
"""

import torch
from torch import nn
from transformers import AutoConfig, AutoModel, PretrainedConfig, PreTrainedModel
from transformers.modeling_outputs import SequenceClassifierOutput


class ToxicCommentsConfig(PretrainedConfig):
    """A classifier's configuration: the encoder's config (a dict) under "encoder", the labels as usual."""

    model_type = "toxic_comments"

    def __init__(self, encoder=None, **kwargs):
        super().__init__(**kwargs)
        self.encoder = dict(encoder) if encoder is not None else {"model_type": "bert"}


class ToxicCommentsPreTrainedModel(PreTrainedModel):
    """The encoder under its usual prefix, and the multilabel loss."""

    config_class = ToxicCommentsConfig
    # Matches no weight name, so from_pretrained takes the checkpoint's names as they are.
    base_model_prefix = "toxic_comments"

    def __init__(self, config):
        super().__init__(config)
        encoder_config = AutoConfig.for_model(**config.encoder)
        # "bert" or "distilbert": the attribute, and so the weights' prefix, of transformers' own task models.
        self.encoder_prefix = encoder_config.model_type
        setattr(self, self.encoder_prefix, AutoModel.from_config(encoder_config))
        self.hidden_size = encoder_config.hidden_size

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            module.weight.data.normal_(mean=0.0, std=0.02)
            if module.bias is not None:
                module.bias.data.zero_()

    def encode(self, input_ids, attention_mask=None, token_type_ids=None):
        """The encoder's last hidden state (batch, seq, hidden) and the attention mask it used."""
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        inputs = {"input_ids": input_ids, "attention_mask": attention_mask}
        if token_type_ids is not None and self.encoder_prefix == "bert":  # DistilBERT has no token types.
            inputs["token_type_ids"] = token_type_ids
        return getattr(self, self.encoder_prefix)(**inputs).last_hidden_state, attention_mask

    @staticmethod
    def output(logits, labels):
        """Logits; with labels (batch, labels) of 0 and 1, the loss the model was trained with (BCE on logits)."""
        loss = None
        if labels is not None:
            loss = nn.functional.binary_cross_entropy_with_logits(logits, labels.to(logits.dtype))
        return SequenceClassifierOutput(loss=loss, logits=logits)


class MeanPooledClassifier(ToxicCommentsPreTrainedModel):
    """The mean of the last hidden state over real tokens, then one linear layer (ToxicComments' default head)."""

    def __init__(self, config):
        super().__init__(config)
        self.pooled_classifier = nn.Linear(self.hidden_size, config.num_labels)
        self.post_init()

    def forward(self, input_ids=None, attention_mask=None, token_type_ids=None, labels=None, **kwargs):
        hidden, attention_mask = self.encode(input_ids, attention_mask, token_type_ids)
        weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        return self.output(self.pooled_classifier(pooled), labels)


class ToxicCommentClassifier(ToxicCommentsPreTrainedModel):
    """The tutorial's head: the first token, dropout 0.1, Dense(100, relu), Dense(50, relu), Dense(labels)."""

    def __init__(self, config):
        super().__init__(config)
        self.dropout = nn.Dropout(0.1)
        self.dense_1 = nn.Linear(self.hidden_size, 100)
        self.dense_2 = nn.Linear(100, 50)
        self.classifier = nn.Linear(50, config.num_labels)
        self.post_init()

    def forward(self, input_ids=None, attention_mask=None, token_type_ids=None, labels=None, **kwargs):
        hidden, _ = self.encode(input_ids, attention_mask, token_type_ids)
        x = torch.relu(self.dense_1(self.dropout(hidden[:, 0])))
        x = torch.relu(self.dense_2(x))
        return self.output(self.classifier(x), labels)
