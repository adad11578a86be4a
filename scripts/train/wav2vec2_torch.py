"""transformers' Wav2Vec2ForCTC (group-norm feature encoder, post-LN encoder) in plain torch, for training.

Debian 12, the project's build machine, ships torch (python3-torch 1.13.1) but not transformers;
transformers runs there only in the Debian unstable chroot of scripts/with-transformers.sh, whose
torch 2.14.1 trained this model 1.3 times slower on the 2-core VM (151 s instead of 114 s for the
same 100 steps). This module rebuilds the architecture of transformers' Wav2Vec2ForCTC for a config
with feat_extract_norm="group" and do_stable_layer_norm=False, with the same module tree, so that
every parameter name equals its key in a transformers state_dict
(``wav2vec2.encoder.layers.0.attention.q_proj.weight`` ...) and the weights load into
``Wav2Vec2ForCTC.from_pretrained`` unchanged (the positional convolution keeps the
``weight_g``/``weight_v`` names of ``torch.nn.utils.weight_norm``, which transformers renames on
load). That the trained weights are transformers' model is checked: TransformersGoldenTest and
ModelCardLoopTest compare the bundled model with transformers' own Wav2Vec2ForCTC on them.

Padded batches are computed as if each utterance ran alone: the first group norm takes its
statistics over each utterance's valid frames only, padded frames are zeroed before the
positional convolution, and attention ignores padded keys. Training therefore sees exactly the
computation that inference at batch size 1 (the Java job's default) performs.
"""

import math

import torch
from torch import nn
import torch.nn.functional as F

SQRT_HALF = math.sqrt(0.5)


def gelu(x):
    """Exact (erf) GELU, as transformers' "gelu", differentiated through erf.

    Not F.gelu: the backward of Debian's torch 1.13.1 (python3-torch 1.13.1+dfsg-4) sometimes
    returns values near 1e23 for inputs near zero after a convolution, which made every gradient
    norm explode and stalled training on the CTC blank plateau. The forward values equal F.gelu's
    to float rounding, and the exported TorchScript calls torch.gelu.
    """
    return x * 0.5 * (1.0 + torch.erf(x * SQRT_HALF))


class Config:
    """The subset of transformers' Wav2Vec2Config this architecture reads."""

    def __init__(self, **values):
        self.vocab_size = 32
        self.hidden_size = 128
        self.num_hidden_layers = 4
        self.num_attention_heads = 4
        self.intermediate_size = 512
        self.conv_dim = [64] * 7
        self.conv_kernel = [10, 3, 3, 3, 3, 2, 2]
        self.conv_stride = [5, 2, 2, 2, 2, 2, 2]
        self.num_conv_pos_embeddings = 16
        self.num_conv_pos_embedding_groups = 4
        self.layer_norm_eps = 1e-5
        self.hidden_dropout = 0.1
        self.attention_dropout = 0.1
        self.activation_dropout = 0.0
        self.feat_proj_dropout = 0.0
        self.final_dropout = 0.0
        self.mask_time_prob = 0.05
        self.mask_time_length = 10
        self.feature_grad_mult = 0.1  # training only: fairseq's scaling of the feature encoder's gradient
        for key, value in values.items():
            if not hasattr(self, key):
                raise ValueError(f"unknown config key {key}")
            setattr(self, key, value)

    def frames(self, samples):
        """Output frames of the feature encoder for `samples` input samples (tensor or int)."""
        for kernel, stride in zip(self.conv_kernel, self.conv_stride):
            samples = (samples - kernel) // stride + 1
        return samples

    def transformers_dict(self):
        return {
            "architectures": ["Wav2Vec2ForCTC"], "model_type": "wav2vec2",
            "vocab_size": self.vocab_size, "hidden_size": self.hidden_size,
            "num_hidden_layers": self.num_hidden_layers, "num_attention_heads": self.num_attention_heads,
            "intermediate_size": self.intermediate_size, "hidden_act": "gelu",
            "feat_extract_norm": "group", "feat_extract_activation": "gelu",
            "conv_dim": self.conv_dim, "conv_kernel": self.conv_kernel, "conv_stride": self.conv_stride,
            "conv_bias": False, "num_feat_extract_layers": len(self.conv_dim),
            "num_conv_pos_embeddings": self.num_conv_pos_embeddings,
            "num_conv_pos_embedding_groups": self.num_conv_pos_embedding_groups,
            "do_stable_layer_norm": False, "layer_norm_eps": self.layer_norm_eps, "initializer_range": 0.02,
            "hidden_dropout": self.hidden_dropout, "activation_dropout": self.activation_dropout,
            "attention_dropout": self.attention_dropout, "feat_proj_dropout": self.feat_proj_dropout,
            "final_dropout": self.final_dropout, "layerdrop": 0.0,
            "mask_time_prob": self.mask_time_prob, "mask_time_length": self.mask_time_length,
            "pad_token_id": 0, "bos_token_id": 1, "eos_token_id": 2,
            "ctc_loss_reduction": "mean", "ctc_zero_infinity": True, "torch_dtype": "float32",
        }


class ConvLayer(nn.Module):
    def __init__(self, in_channels, out_channels, kernel, stride, group_norm, eps):
        super().__init__()
        self.conv = nn.Conv1d(in_channels, out_channels, kernel, stride=stride, bias=False)
        self.stride, self.kernel = stride, kernel
        if group_norm:
            self.layer_norm = nn.GroupNorm(out_channels, out_channels, eps=eps, affine=True)

    def forward(self, x, valid):
        x = self.conv(x)
        valid = (valid - self.kernel) // self.stride + 1
        if hasattr(self, "layer_norm"):
            x = masked_channel_norm(x, valid, self.layer_norm)
        return gelu(x), valid


def masked_channel_norm(x, valid, norm):
    """GroupNorm(C, C) whose statistics cover each utterance's first `valid` frames only."""
    mask = (torch.arange(x.shape[2], device=x.device)[None, :] < valid[:, None]).to(x.dtype)[:, None, :]
    count = valid.to(x.dtype)[:, None, None]
    mean = (x * mask).sum(2, keepdim=True) / count
    var = (((x - mean) * mask) ** 2).sum(2, keepdim=True) / count
    x = (x - mean) / torch.sqrt(var + norm.eps)
    return x * norm.weight[None, :, None] + norm.bias[None, :, None]


class FeatureEncoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        channels = [1] + list(c.conv_dim)
        self.conv_layers = nn.ModuleList(
            ConvLayer(channels[i], channels[i + 1], c.conv_kernel[i], c.conv_stride[i], i == 0, c.layer_norm_eps)
            for i in range(len(c.conv_dim)))

    def forward(self, input_values, lengths):
        x, valid = input_values[:, None, :], lengths
        for layer in self.conv_layers:
            x, valid = layer(x, valid)
        return x, valid


class FeatureProjection(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer_norm = nn.LayerNorm(c.conv_dim[-1], eps=c.layer_norm_eps)
        self.projection = nn.Linear(c.conv_dim[-1], c.hidden_size)
        self.dropout = nn.Dropout(c.feat_proj_dropout)

    def forward(self, x):
        return self.dropout(self.projection(self.layer_norm(x)))


class PositionalConvEmbedding(nn.Module):
    def __init__(self, c):
        super().__init__()
        conv = nn.Conv1d(c.hidden_size, c.hidden_size, c.num_conv_pos_embeddings,
                         padding=c.num_conv_pos_embeddings // 2, groups=c.num_conv_pos_embedding_groups)
        self.conv = nn.utils.weight_norm(conv, name="weight", dim=2)
        self.num_pad_remove = 1 if c.num_conv_pos_embeddings % 2 == 0 else 0

    def forward(self, x):
        x = self.conv(x.transpose(1, 2))
        if self.num_pad_remove:
            x = x[:, :, :-self.num_pad_remove]
        return gelu(x).transpose(1, 2)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads, self.head_dim = c.num_attention_heads, c.hidden_size // c.num_attention_heads
        self.scaling = self.head_dim ** -0.5
        self.k_proj = nn.Linear(c.hidden_size, c.hidden_size)
        self.v_proj = nn.Linear(c.hidden_size, c.hidden_size)
        self.q_proj = nn.Linear(c.hidden_size, c.hidden_size)
        self.out_proj = nn.Linear(c.hidden_size, c.hidden_size)
        self.dropout = nn.Dropout(c.attention_dropout)

    def forward(self, x, key_bias):
        b, t, _ = x.shape
        # contiguous heads: CPU batched matmul over transposed views is many times slower
        split = lambda y: y.view(b, t, self.heads, self.head_dim).transpose(1, 2).contiguous()  # noqa: E731
        q, k, v = split(self.q_proj(x) * self.scaling), split(self.k_proj(x)), split(self.v_proj(x))
        weights = torch.softmax(q @ k.transpose(2, 3).contiguous() + key_bias, dim=-1)
        context = (self.dropout(weights) @ v).transpose(1, 2).reshape(b, t, -1)
        return self.out_proj(context)


class FeedForward(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.intermediate_dense = nn.Linear(c.hidden_size, c.intermediate_size)
        self.output_dense = nn.Linear(c.intermediate_size, c.hidden_size)
        self.dropout = nn.Dropout(c.hidden_dropout)

    def forward(self, x):
        return self.dropout(self.output_dense(gelu(self.intermediate_dense(x))))


class EncoderLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = Attention(c)
        self.dropout = nn.Dropout(c.hidden_dropout)
        self.layer_norm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.feed_forward = FeedForward(c)
        self.final_layer_norm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

    def forward(self, x, key_bias):
        x = self.layer_norm(x + self.dropout(self.attention(x, key_bias)))
        return self.final_layer_norm(x + self.feed_forward(x))


class Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.pos_conv_embed = PositionalConvEmbedding(c)
        self.layer_norm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout)
        self.layers = nn.ModuleList(EncoderLayer(c) for _ in range(c.num_hidden_layers))

    def forward(self, x, frame_mask):
        x = x * frame_mask[:, :, None].to(x.dtype)
        x = self.dropout(self.layer_norm(x + self.pos_conv_embed(x)))
        key_bias = torch.zeros(frame_mask.shape, dtype=x.dtype, device=x.device)
        key_bias = key_bias.masked_fill(~frame_mask, torch.finfo(x.dtype).min)[:, None, None, :]
        for layer in self.layers:
            x = layer(x, key_bias)
        return x


class Wav2Vec2Model(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.config = c
        self.masked_spec_embed = nn.Parameter(torch.empty(c.hidden_size).uniform_())
        self.feature_extractor = FeatureEncoder(c)
        self.feature_projection = FeatureProjection(c)
        self.encoder = Encoder(c)

    def forward(self, input_values, lengths):
        features, frames = self.feature_extractor(input_values, lengths)
        if self.training and self.config.feature_grad_mult != 1.0:
            # fairseq trains wav2vec2 with the encoder's gradient scaled down (feature_grad_mult);
            # without it the convolutions' gradients spike and training stalls at the blank plateau
            scale = self.config.feature_grad_mult
            features = features * scale + features.detach() * (1.0 - scale)
        hidden = self.feature_projection(features.transpose(1, 2))
        frame_mask = torch.arange(hidden.shape[1], device=hidden.device)[None, :] < frames[:, None]
        if self.training and self.config.mask_time_prob > 0:
            hidden = self.mask_time(hidden, frames)
        return self.encoder(hidden, frame_mask), frames

    def mask_time(self, hidden, frames):
        """SpecAugment in time, as transformers' _compute_mask_indices: spans replaced by masked_spec_embed."""
        c, (b, t, _) = self.config, hidden.shape
        mask = torch.zeros(b, t, dtype=torch.bool)  # spans drawn on the CPU generator, as seeded
        for i, n in enumerate(frames.tolist()):
            spans = int(c.mask_time_prob * n / c.mask_time_length + torch.rand(1).item())
            for start in torch.randint(0, max(1, n - c.mask_time_length), (spans,)).tolist():
                mask[i, start:start + c.mask_time_length] = True
        mask = mask.to(hidden.device)
        return torch.where(mask[:, :, None], self.masked_spec_embed.to(hidden.dtype), hidden)


class Wav2Vec2ForCTC(nn.Module):
    """The tree of transformers' Wav2Vec2ForCTC: ``wav2vec2`` plus ``lm_head``."""

    def __init__(self, c):
        super().__init__()
        self.wav2vec2 = Wav2Vec2Model(c)
        self.dropout = nn.Dropout(c.final_dropout)
        self.lm_head = nn.Linear(c.hidden_size, c.vocab_size)
        self.apply(init_weights)

    def forward(self, input_values, lengths):
        hidden, frames = self.wav2vec2(input_values, lengths)
        return self.lm_head(self.dropout(hidden)), frames


def init_weights(module):
    """As transformers' Wav2Vec2PreTrainedModel._init_weights."""
    if isinstance(module, PositionalConvEmbedding):
        conv = module.conv
        nn.init.normal_(conv.weight_v, 0, 2 * math.sqrt(1 / (conv.kernel_size[0] * conv.in_channels)))
        nn.init.constant_(conv.bias, 0)
        with torch.no_grad():
            conv.weight_g.copy_(torch.norm_except_dim(conv.weight_v, 2, dim=2))
    elif isinstance(module, nn.Linear):
        nn.init.normal_(module.weight, 0, 0.02)
        nn.init.zeros_(module.bias)
    elif isinstance(module, (nn.LayerNorm, nn.GroupNorm)):
        nn.init.ones_(module.weight)
        nn.init.zeros_(module.bias)
    elif isinstance(module, nn.Conv1d) and module.groups == 1 and module.bias is None:
        nn.init.kaiming_normal_(module.weight)
