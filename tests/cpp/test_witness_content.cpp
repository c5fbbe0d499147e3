// Content witness v2: streaming equals the documented layout, and flipping any bit of any vector,
// id or parameter is detected and named. The transparency log (native: it lives in a directory).
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "error_of.hpp"
#include "golden.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/witness/content_witness.hpp"
#include "ruvector/witness/hex.hpp"
#include "ruvector/witness/merkle.hpp"
#ifndef __EMSCRIPTEN__
#include "ruvector/witness/transparency_log.hpp"
#endif

namespace witness = ruvector::witness;
using ruvector::ErrorCode;
using ruvector::test::code_of;
using ruvector::test::message_of;
using witness::ContentParams;

namespace {

ContentParams sample_params() {
  ContentParams p;
  p.dim = 8;
  p.metric = "l2";
  p.rotation_kind = "hadamard";
  p.rotation_seed = 42;
  p.bits = 1;
  p.generation = std::uint64_t{7};
  return p;
}

struct Data {
  std::vector<std::uint64_t> ids;
  std::vector<float> rows;
};

Data sample_data(std::size_t n, std::uint32_t dim) {
  std::mt19937 rng(3);
  std::normal_distribution<float> normal;
  Data d;
  for (std::size_t i = 0; i < n; ++i) d.ids.push_back(UINT64_MAX - 3 * i);
  d.rows.resize(n * dim);
  for (float& x : d.rows) x = normal(rng);
  return d;
}

}  // namespace

TEST_CASE("content witness matches the hashlib oracle vectors", "[witness][content]") {
  const boost::json::array& cases =
      ruvector::test::golden_file("witness/content_witness_vectors.json").at("cases").as_array();
  REQUIRE(cases.size() >= 6);
  for (const boost::json::value& cv : cases) {
    const boost::json::object& c = cv.as_object();
    INFO(c.at("name").as_string().c_str());
    ContentParams p;
    p.dim = static_cast<std::uint32_t>(c.at("dim").as_int64());
    p.metric = std::string(c.at("metric").as_string());
    p.rotation_kind = std::string(c.at("rotation_kind").as_string());
    p.rotation_seed = std::stoull(std::string(c.at("rotation_seed").as_string()));
    p.bits = static_cast<std::uint32_t>(c.at("bits").as_int64());
    const boost::json::value& g = c.at("generation");
    if (g.is_string()) {
      p.generation = std::string(g.as_string());
    } else {
      p.generation = static_cast<std::uint64_t>(g.as_int64());
    }
    std::vector<std::uint64_t> ids;
    for (const auto& id : c.at("ids").as_array()) ids.push_back(std::stoull(std::string(id.as_string())));
    std::vector<float> rows;
    for (const auto& row : c.at("rows").as_array()) {
      for (const auto& x : row.as_array()) rows.push_back(static_cast<float>(x.to_number<double>()));
    }
    const witness::ContentWitness w = witness::content_witness(p, ids, rows);
    CHECK(witness::to_hex(w.params_hash) == c.at("params_hash_hex").as_string());
    CHECK(witness::to_hex(w.data_root) == c.at("data_root_hex").as_string());
    CHECK(w.count == static_cast<std::uint64_t>(c.at("count").as_int64()));
    CHECK(w.root_hex() == c.at("root_hex").as_string());
  }
}

TEST_CASE("content witness follows the documented byte layout", "[witness][content]") {
  const ContentParams p = sample_params();
  const Data d = sample_data(5, p.dim);
  // Rebuild the layout by hand: params leaf, vector leaves, MTH, root node.
  std::vector<std::uint8_t> params_bytes;
  const std::string tag("ruvector-content-witness-v2\0", 28);
  params_bytes.insert(params_bytes.end(), tag.begin(), tag.end());
  const std::uint8_t fixed[] = {8,   0,  0, 0, 2, 'l', '2', 8, 'h', 'a', 'd', 'a', 'm', 'a', 'r',
                                'd', 42, 0, 0, 0, 0,   0,   0, 0,   1,   0,   0,   0,   9,   0,
                                0,   0,  0, 0, 0, 0,   0,   7, 0,   0,   0,   0,   0,   0,   0};
  params_bytes.insert(params_bytes.end(), std::begin(fixed), std::end(fixed));
  std::vector<witness::Hash> leaves;
  for (std::size_t i = 0; i < d.ids.size(); ++i) {
    std::vector<std::uint8_t> leaf(8 + 4 * p.dim);
    std::memcpy(leaf.data(), &d.ids[i], 8);  // little-endian on every target
    std::memcpy(leaf.data() + 8, d.rows.data() + i * p.dim, 4 * p.dim);
    leaves.push_back(witness::leaf_hash(leaf));
  }
  const witness::ContentWitness w = witness::content_witness(p, d.ids, d.rows);
  CHECK(w.params_hash == witness::leaf_hash(params_bytes));
  CHECK(w.data_root == witness::root_of(leaves));
  CHECK(w.count == 5);
  CHECK(w.root == witness::node_hash(w.params_hash, w.data_root));
  CHECK(w.root_hex().size() == 64);
}

TEST_CASE("content witness: every flipped bit of a vector, id or parameter is named", "[witness][content]") {
  const ContentParams p = sample_params();
  const Data d = sample_data(6, p.dim);
  const witness::ContentWitness good = witness::content_witness(p, d.ids, d.rows);
  CHECK_NOTHROW(witness::check_content_witness(good, witness::content_witness(p, d.ids, d.rows)));
  for (std::size_t byte = 0; byte < d.rows.size() * 4; byte += 3) {
    for (unsigned bit = 0; bit < 8; bit += 5) {
      Data bad = d;
      reinterpret_cast<std::uint8_t*>(bad.rows.data())[byte] ^= static_cast<std::uint8_t>(1U << bit);
      const std::string message =
          message_of([&] { witness::check_content_witness(good, witness::content_witness(p, bad.ids, bad.rows)); });
      REQUIRE(message.find("vector data differs") != std::string::npos);
    }
  }
  for (std::size_t i = 0; i < d.ids.size(); ++i) {
    for (unsigned bit = 0; bit < 64; bit += 7) {
      Data bad = d;
      bad.ids[i] ^= std::uint64_t{1} << bit;
      CHECK(code_of([&] { witness::check_content_witness(good, witness::content_witness(p, bad.ids, bad.rows)); }) ==
            ErrorCode::kWitnessMismatch);
    }
  }
  Data fewer = d;
  fewer.ids.pop_back();
  fewer.rows.resize(fewer.rows.size() - p.dim);
  CHECK(message_of([&] {
          witness::check_content_witness(good, witness::content_witness(p, fewer.ids, fewer.rows));
        }).find("vector count differs (expected 6, got 5)") != std::string::npos);

  const auto param_message = [&](const ContentParams& changed) {
    return message_of(
        [&] { witness::check_content_witness(good, witness::content_witness(changed, d.ids, d.rows), &p, &changed); });
  };
  ContentParams q = p;
  q.rotation_seed = 43;
  CHECK(param_message(q).find("rotation seed 42 vs 43") != std::string::npos);
  q = p;
  q.metric = "ip";
  CHECK(param_message(q).find("metric l2 vs ip") != std::string::npos);
  q = p;
  q.bits = 4;
  CHECK(param_message(q).find("bits 1 vs 4") != std::string::npos);
  q = p;
  q.rotation_kind = "dense";
  CHECK(param_message(q).find("rotation kind") != std::string::npos);
  q = p;
  q.generation = std::string("7");
  CHECK(param_message(q).find("generation 7 vs \"7\"") != std::string::npos);
  q = p;
  q.dim = 4;  // same floats read as twice as many rows of dim 4: parameters and data both differ
  Data as_dim4 = d;
  as_dim4.ids.resize(12, 1);
  const std::string both = message_of(
      [&] { witness::check_content_witness(good, witness::content_witness(q, as_dim4.ids, as_dim4.rows), &p, &q); });
  CHECK(both.find("dim 8 vs 4") != std::string::npos);
  CHECK(both.find("vector count differs") != std::string::npos);
}

TEST_CASE("content witness: the root does not depend on batching or thread count", "[witness][content]") {
  ContentParams p = sample_params();
  p.dim = 3;
  const Data d = sample_data(40000, p.dim);  // more than two parallel batches of leaves
  witness::ContentWitnessBuilder one_by_one(p);
  for (std::size_t i = 0; i < d.ids.size(); ++i) one_by_one.add(d.ids[i], std::span(d.rows).subspan(i * 3, 3));
  const witness::ContentWitness want = one_by_one.finish();
  CHECK(witness::content_witness(p, d.ids, d.rows, 1).root == want.root);
  CHECK(witness::content_witness(p, d.ids, d.rows, 2).root == want.root);
  CHECK(witness::content_witness(p, d.ids, d.rows, 0).root == want.root);
  witness::ContentWitnessBuilder in_pieces(p);
  in_pieces.add_rows(std::span(d.ids).first(17000), std::span(d.rows).first(17000 * 3), 2);
  in_pieces.add_rows(std::span(d.ids).subspan(17000), std::span(d.rows).subspan(17000 * 3), 2);
  CHECK(in_pieces.finish().root == want.root);
  CHECK(want.count == 40000);
}

TEST_CASE("content witness refuses rows of the wrong dimension", "[witness][content]") {
  witness::ContentWitnessBuilder b(sample_params());
  const std::vector<float> short_row(7, 0.0F);
  CHECK(message_of([&] { b.add(1, short_row); }) == "content witness: expected dim 8, got 7");
  CHECK(code_of([&] { b.add(1, short_row); }) == ErrorCode::kDimensionMismatch);
}

#ifndef __EMSCRIPTEN__
TEST_CASE("transparency log: append, reopen, prove, checkpoint, survive a torn append", "[witness][tlog]") {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("ruvector-tlog-test-" + std::to_string(std::random_device{}()));
  std::filesystem::remove_all(dir);
  std::array<std::uint8_t, 32> seed{};
  seed.fill(11);
  const witness::NoteSigner signer("lake.example/log", seed);
  std::vector<witness::Hash> roots;
  {
    witness::TransparencyLog log(dir.string());
    CHECK(log.size() == 0);
    CHECK(log.root() == witness::empty_tree_root());
    CHECK_FALSE(log.read_checkpoint().has_value());
    for (int i = 0; i < 13; ++i) {
      const std::string entry = "witness " + std::to_string(i);
      CHECK(log.append(ruvector::crypto::as_bytes(entry)) == static_cast<std::uint64_t>(i));
      roots.push_back(log.root());
    }
    log.write_checkpoint("lake.example/log", signer);
  }
  witness::TransparencyLog log(dir.string());
  REQUIRE(log.size() == 13);
  CHECK(log.root() == roots.back());
  const witness::Checkpoint cp =
      witness::verify_checkpoint(*log.read_checkpoint(), std::vector<witness::NoteVerifier>{signer.verifier()});
  CHECK(cp.size == 13);
  CHECK(cp.root == log.root());
  for (std::uint64_t i = 0; i < 13; ++i) {
    const std::string entry = "witness " + std::to_string(i);
    const witness::Hash leaf = witness::leaf_hash(ruvector::crypto::as_bytes(entry));
    CHECK(log.leaf_hash_at(i) == leaf);
    CHECK_NOTHROW(witness::verify_inclusion(leaf, i, 13, log.inclusion_proof(i, 13), cp.root));
  }
  for (std::uint64_t s = 1; s <= 13; ++s) {
    CHECK_NOTHROW(witness::verify_consistency(s, 13, log.consistency_proof(s, 13), roots[s - 1], cp.root));
  }
  // A torn append (bytes past 32 * size) is ignored on open and overwritten by the next append.
  {
    std::ofstream leaves(dir / "leaves", std::ios::binary | std::ios::app);
    leaves << "torn!";
  }
  witness::TransparencyLog reopened(dir.string());
  CHECK(reopened.size() == 13);
  reopened.append(ruvector::crypto::as_bytes("witness 13"));
  CHECK(std::filesystem::file_size(dir / "leaves") == 14 * 32);
  CHECK(witness::TransparencyLog(dir.string()).size() == 14);
  // A flipped leaf no longer reproduces the recorded root.
  {
    std::fstream leaves(dir / "leaves", std::ios::binary | std::ios::in | std::ios::out);
    leaves.seekp(40);
    leaves.put('\x55');
  }
  CHECK(code_of([&] { witness::TransparencyLog broken(dir.string()); }) == ErrorCode::kPersistError);
  std::filesystem::remove_all(dir);
}
#endif
