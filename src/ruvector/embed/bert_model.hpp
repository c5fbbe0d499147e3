// The BERT encoder network (embeddings + post-LayerNorm transformer layers, erf GELU) as
// transformers' BertModel computes it, on packed fp32 weights and the GEMM kernels of simd/gemm.hpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ruvector/embed/safetensors.hpp"
#include "ruvector/simd/gemm.hpp"
#include "ruvector/simd/gemm_i8.hpp"

namespace ruvector::embed {

struct BertConfig {
  std::size_t vocab_size = 0;
  std::size_t hidden = 0;
  std::size_t layers = 0;
  std::size_t heads = 0;
  std::size_t intermediate = 0;
  std::size_t max_positions = 0;
  std::size_t type_vocab = 0;
  float layer_norm_eps = 1e-12F;

  // From a transformers config.json; EmbedError for another architecture or activation.
  static BertConfig from_json(std::string_view json);
};

// How the linear layers hold their weights: fp32, or int8 per output channel with activations
// quantized per token at run time (dynamic quantization; attention and LayerNorm stay fp32, and the
// layers of BertModel::int8_activations add a residual code to their activations).
enum class WeightFormat { kF32, kInt8 };
// What every target's loader uses when its caller names no format (Python quantize=None, JS no option).
inline constexpr WeightFormat kDefaultWeightFormat = WeightFormat::kF32;

// The `quantize` option: "fp32" / "int8"; InvalidInput naming the value otherwise.
WeightFormat parse_weight_format(std::string_view name);
std::string_view weight_format_name(WeightFormat format) noexcept;

// CPU seconds per stage of the text encoder, summed over batches and layers, for a caller that asks
// for them (bench/text_encoder_profile.cpp); without one no clock is read.
struct EncoderProfile {
  enum Stage : std::uint8_t {
    kTokenize,
    kEmbeddings,
    kQkv,
    kAttention,
    kAttentionOut,
    kAttentionNorm,
    kUp,
    kGelu,
    kDown,
    kOutputNorm,
    kPooling,
    kStages
  };
  static std::string_view name(Stage stage) noexcept;
  std::array<double, kStages> seconds{};
};

// Charges the CPU time since the previous lap to a stage of `profile` (nothing when it is null).
class StageClock {
 public:
  explicit StageClock(EncoderProfile* profile) noexcept;
  void lap(EncoderProfile::Stage stage) noexcept;

 private:
  EncoderProfile* profile_;
  double last_ = 0;
};

class BertModel {
 public:
  // Packs the weights for `kernels` (the tables of ml_kernels_for / active_ml_kernels). The
  // embedding tables stay views into `weights` (keep it alive as long as the model).
  BertModel(const BertConfig& config, const Safetensors& weights, const simd::MlKernels& kernels,
            WeightFormat format = WeightFormat::kF32);

  // Last hidden states of a batch of sequences laid end to end, without padding: ids holds
  // sum(lengths) tokens, sequence b the lengths[b] tokens after the first b sequences. out: one row
  // of hidden floats per token, in the same order. The token-wise layers run over real tokens only;
  // attention runs within each sequence.
  void forward(std::span<const std::int32_t> ids, std::span<const std::size_t> lengths, std::vector<float>& out,
               EncoderProfile* profile = nullptr) const;

  [[nodiscard]] const BertConfig& config() const noexcept { return config_; }
  [[nodiscard]] const simd::MlKernels& kernels() const noexcept { return *kernels_; }
  [[nodiscard]] WeightFormat weight_format() const noexcept { return format_; }

 private:
  struct Linear {
    simd::PackedB weight;      // fp32 format
    simd::PackedI8 weight_i8;  // int8 format
    simd::I8Activations activations = simd::I8Activations::kOneCode;
    std::vector<float> bias;
  };
  struct Norm {
    FloatTensor gamma;
    FloatTensor beta;
  };
  struct Layer {
    Linear qkv;  // query, key and value fused: 3 * hidden outputs
    Linear attention_out;
    Norm attention_norm;
    Linear up;
    Linear down;
    Norm output_norm;
  };

  // The four linear layers of a transformer layer.
  enum class Role { kQkv, kAttentionOut, kUp, kDown };
  // How the int8 format codes the activations of `role` (measured: see bert_model.cpp).
  static simd::I8Activations int8_activations(Role role) noexcept;

  Linear linear(const Safetensors& w, const std::string& name, std::size_t out, std::size_t in, Role role) const;
  Linear pack(const float* weight, std::size_t out, std::size_t in, std::vector<float> bias, Role role) const;
  // Reusable buffers of one forward pass.
  struct Scratch {
    simd::I8Scratch i8;
    std::vector<float> a_block;  // simd::gemm's interleaved A
  };
  // out (rows x n) = x (rows x in) * W^T + b, in the model's weight format.
  void apply(const Linear& layer, const float* x, std::size_t rows, std::size_t in, float* out, std::size_t n,
             Scratch& scratch) const;
  // x = LayerNorm(x + residual) row by row (residual may be null).
  void add_layer_norm(float* x, const float* residual, std::size_t rows, const Norm& norm) const;
  void attention(const float* qkv, std::span<const std::size_t> lengths, float* context, Scratch& scratch) const;

  BertConfig config_;
  const simd::MlKernels* kernels_;
  const simd::I8Kernels* i8_kernels_;
  WeightFormat format_;
  FloatTensor word_embeddings_;
  FloatTensor position_embeddings_;
  FloatTensor token_type_embeddings_;
  Norm embedding_norm_;
  std::vector<Layer> layers_;
};

}  // namespace ruvector::embed
