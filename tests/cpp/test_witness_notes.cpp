// C2SP signed notes and tlog checkpoints: Go's documented example byte for byte, round trips,
// and every way a note can be wrong (each must raise WitnessMismatch, key strings InvalidInput).
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "error_of.hpp"
#include "golden.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/crypto/base64url.hpp"
#include "ruvector/witness/checkpoint.hpp"
#include "ruvector/witness/fuzz_entry.hpp"
#include "ruvector/witness/note.hpp"

namespace json = boost::json;
namespace witness = ruvector::witness;
using ruvector::ErrorCode;
using ruvector::test::code_of;
using ruvector::test::golden_file;
using ruvector::test::message_of;
using witness::NoteSigner;
using witness::NoteVerifier;

namespace {

NoteSigner signer_named(const std::string& name, std::uint8_t seed_byte) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(seed_byte);
  return {name, seed};
}

std::vector<NoteVerifier> only(const NoteVerifier& v) {
  return {v};
}

witness::Checkpoint sample_checkpoint() {
  witness::Checkpoint c;
  c.origin = "example.com/lake";
  c.size = 12345;
  for (std::size_t i = 0; i < c.root.size(); ++i) c.root[i] = static_cast<std::uint8_t>(i * 7);
  return c;
}

}  // namespace

TEST_CASE("signed note: Go's documented example signs and opens byte for byte", "[witness][note]") {
  const json::object& ex = golden_file("witness/go_note_example.json");
  const NoteSigner signer = NoteSigner::parse(ex.at("signer_key").as_string());
  const NoteVerifier verifier = NoteVerifier::parse(ex.at("verifier_key").as_string());
  CHECK(signer.verifier().to_string() == ex.at("verifier_key").as_string());
  CHECK(signer.to_string() == ex.at("signer_key").as_string());
  const std::string text(ex.at("text").as_string());
  const std::string note = witness::sign_note(text, std::vector<NoteSigner>{signer});
  CHECK(note == ex.at("note").as_string());
  const witness::OpenedNote opened = witness::open_note(std::string(ex.at("note").as_string()), only(verifier));
  CHECK(opened.text == text);
  REQUIRE(opened.verified.size() == 1);
  CHECK(opened.verified[0].name == "PeterNeumann");
  CHECK(opened.verified[0].key_hash == 0xc74f20a3U);
}

TEST_CASE("signed note: key strings round-trip and bad ones are named", "[witness][note]") {
  const NoteSigner s = signer_named("log.example/a", 9);
  CHECK(NoteSigner::parse(s.to_string()).verifier().to_string() == s.verifier().to_string());
  CHECK(NoteVerifier::parse(s.verifier().to_string()).key_hash() == s.key_hash());
  const std::string v = s.verifier().to_string();
  std::string wrong_hash = v;
  wrong_hash[v.find('+') + 1] = wrong_hash[v.find('+') + 1] == '0' ? '1' : '0';
  CHECK(message_of([&] { (void)NoteVerifier::parse(wrong_hash); }).find("does not match the key") != std::string::npos);
  CHECK(code_of([&] { (void)NoteVerifier::parse("no-plus-signs"); }) == ErrorCode::kInvalidInput);
  CHECK(code_of([&] { (void)NoteVerifier::parse("a b+00000000+AQ=="); }) == ErrorCode::kInvalidInput);
  CHECK(code_of([&] { (void)NoteSigner::parse(v); }) == ErrorCode::kInvalidInput);  // a verifier key is no signer key
  CHECK(code_of([&] { (void)signer_named("has+plus", 1); }) == ErrorCode::kInvalidInput);
  CHECK(code_of([&] { (void)signer_named("has\xE3\x80\x80ideographic-space", 1); }) == ErrorCode::kInvalidInput);
  CHECK(witness::is_valid_key_name("\xC3\xA9t\xC3\xA9"));
  CHECK_FALSE(witness::is_valid_key_name("\xC3"));  // truncated UTF-8
  const NoteSigner fresh = NoteSigner::generate("fresh");
  CHECK(fresh.to_string() != NoteSigner::generate("fresh").to_string());
}

TEST_CASE("signed note: tampering, unknown keys and malformed notes are refused", "[witness][note]") {
  const NoteSigner a = signer_named("a.example", 1);
  const NoteSigner b = signer_named("b.example", 2);
  const std::string text = "hello\nworld\n";
  const std::string note = witness::sign_note(text, std::vector<NoteSigner>{a, b});
  CHECK(witness::open_note(note, only(a.verifier())).verified.size() == 1);
  CHECK(witness::open_note(note, only(a.verifier())).unverified.size() == 1);
  CHECK(witness::open_note(note, std::vector<NoteVerifier>{a.verifier(), b.verifier()}).verified.size() == 2);

  const auto refused = [](const std::string& n, const std::vector<NoteVerifier>& known) {
    return code_of([&] { (void)witness::open_note(n, known); });
  };
  std::string tampered = note;
  tampered[0] = 'j';
  CHECK(refused(tampered, only(a.verifier())) == ErrorCode::kWitnessMismatch);
  CHECK(message_of([&] { (void)witness::open_note(tampered, only(a.verifier())); }).find("a.example") !=
        std::string::npos);
  const NoteSigner stranger = signer_named("c.example", 3);
  CHECK(message_of([&] {
          (void)witness::open_note(note, only(stranger.verifier()));
        }).find("no signature by a trusted key") != std::string::npos);
  // Same name, another key: its hash differs, so the line counts as an unknown key.
  CHECK(refused(note, only(signer_named("a.example", 4).verifier())) == ErrorCode::kWitnessMismatch);
  CHECK(refused(text, only(a.verifier())) == ErrorCode::kWitnessMismatch);                             // no signatures
  CHECK(refused(note.substr(0, note.size() - 1), only(a.verifier())) == ErrorCode::kWitnessMismatch);  // no final \n
  std::string dash = note;
  dash.replace(dash.find("\xE2\x80\x94"), 3, "--");
  CHECK(refused(dash, only(a.verifier())) == ErrorCode::kWitnessMismatch);
  std::string control = note;
  control.insert(1, "\t");
  CHECK(refused(control, only(a.verifier())) == ErrorCode::kWitnessMismatch);
  std::string bad_utf8 = note;
  bad_utf8.insert(1, "\xFF");
  CHECK(refused(bad_utf8, only(a.verifier())) == ErrorCode::kWitnessMismatch);
  // A second, bad signature line by a known key after a good one is ignored (Go: repeated signer).
  const std::string sig_a = note.substr(note.find("\xE2\x80\x94 a.example"));
  const std::string line_a = sig_a.substr(0, sig_a.find('\n') + 1);
  CHECK(witness::open_note(note + line_a, only(a.verifier())).verified.size() == 1);
  // A corrupted signature by a known key rejects the note even if another trusted key signed it.
  std::string corrupt = note;
  const std::size_t at = corrupt.find("\xE2\x80\x94 b.example ") + std::string("\xE2\x80\x94 b.example ").size() + 10;
  corrupt[at] = corrupt[at] == 'A' ? 'B' : 'A';
  CHECK(refused(corrupt, std::vector<NoteVerifier>{a.verifier(), b.verifier()}) == ErrorCode::kWitnessMismatch);
  // More than 100 signature lines.
  std::string many = witness::sign_note(text, std::vector<NoteSigner>{a});
  for (int i = 0; i < 100; ++i) many += "\xE2\x80\x94 x" + std::to_string(i) + " AAAAAAAA\n";
  CHECK(message_of([&] { (void)witness::open_note(many, only(a.verifier())); }).find("100") != std::string::npos);
  // Texts that cannot be signed.
  CHECK(code_of([&] { (void)witness::sign_note("no newline", std::vector<NoteSigner>{a}); }) ==
        ErrorCode::kInvalidInput);
  CHECK(code_of([&] { (void)witness::sign_note("tab\there\n", std::vector<NoteSigner>{a}); }) ==
        ErrorCode::kInvalidInput);
}

TEST_CASE("checkpoint: sign, verify and parse; malformed bodies refused", "[witness][checkpoint]") {
  const NoteSigner log = signer_named("example.com/lake", 5);
  witness::Checkpoint c = sample_checkpoint();
  c.extensions = {"— extension line"};
  const std::string note = witness::sign_checkpoint(c, std::vector<NoteSigner>{log});
  const witness::Checkpoint got =
      witness::verify_checkpoint(note, std::vector<std::string>{log.verifier().to_string()});
  CHECK(got.origin == c.origin);
  CHECK(got.size == c.size);
  CHECK(got.root == c.root);
  CHECK(got.extensions == c.extensions);
  CHECK(code_of([&] {
          (void)witness::verify_checkpoint(note, std::vector<std::string>{signer_named("x", 6).verifier().to_string()});
        }) == ErrorCode::kWitnessMismatch);
  CHECK(code_of([&] { (void)witness::verify_checkpoint(note, std::vector<std::string>{"garbage"}); }) ==
        ErrorCode::kInvalidInput);

  const std::string root64 = ruvector::crypto::base64_encode(c.root);
  for (const std::string& body :
       {std::string("origin\n12\n"), "\n12\n" + root64 + "\n", "o\n012\n" + root64 + "\n", "o\n-1\n" + root64 + "\n",
        "o\n18446744073709551616\n" + root64 + "\n", std::string("o\n1\nAAAA\n"), "o\n1\n" + root64 + "\n\n",
        "o\n1\n" + root64.substr(0, 43) + "\n"}) {
    INFO(body);
    CHECK(code_of([&] { (void)witness::parse_checkpoint_text(body); }) == ErrorCode::kWitnessMismatch);
  }
  CHECK(witness::parse_checkpoint_text("o\n18446744073709551615\n" + root64 + "\n").size == UINT64_MAX);
  CHECK(witness::parse_checkpoint_text("o\n0\n" + root64 + "\n").size == 0);
}

TEST_CASE("checkpoint fuzz entry survives hostile bytes", "[witness][checkpoint]") {
  const NoteSigner log = signer_named("fuzz.example/log", 1);
  const std::string good = witness::sign_checkpoint(sample_checkpoint(), std::vector<NoteSigner>{log});
  std::uint64_t state = 42;
  for (int i = 0; i < 3000; ++i) {
    std::string input = good;
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const int edits = 1 + static_cast<int>(state >> 60U);
    for (int e = 0; e < edits; ++e) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      const std::size_t at = (state >> 20U) % input.size();
      switch ((state >> 8U) % 3) {
        case 0: input[at] = static_cast<char>(state >> 40U); break;
        case 1: input.erase(at, 1 + (state >> 50U) % 8); break;
        default: input.insert(at, input.substr((state >> 33U) % input.size(), 1 + (state >> 45U) % 16));
      }
      if (input.empty()) input = "\n";
    }
    CHECK(witness::fuzz_verify_checkpoint(reinterpret_cast<const std::uint8_t*>(input.data()), input.size()) == 0);
  }
}
