// SPDX-License-Identifier: MIT
#include "datasets/fetch.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <unistd.h>

#include "eddl/errors.h"
#include "hardware/check.h"

namespace eddl::datasets_detail {

namespace {

size_t write_to_file(char* data, size_t size, size_t count, void* file) {
  return std::fwrite(data, size, count, static_cast<std::FILE*>(file)) * size;
}

// One attempt; "" on success, else why it failed.
std::string download(const std::string& url, const std::string& path) {
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (out == nullptr) return "cannot write " + path;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    std::fclose(out);
    return "libcurl could not start";
  }
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_to_file);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1024L);  // give up on a stalled transfer
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 30L);
  const CURLcode code = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  const bool closed = std::fclose(out) == 0;
  if (code != CURLE_OK) return curl_easy_strerror(code);
  if (!closed) return "write error on " + path;
  return "";
}

}  // namespace

std::string md5_of_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EDDL_CHECK_AS(IOError, in.good(), "checksum: cannot open '" << path << "'");
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EDDL_CHECK_AS(IOError, ctx && EVP_DigestInit_ex(ctx.get(), EVP_md5(), nullptr) == 1,
                "checksum: OpenSSL could not start MD5");
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (in.gcount() > 0) EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<size_t>(in.gcount()));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  std::ostringstream hex;
  for (unsigned int i = 0; i < length; ++i) {
    char byte[3];
    std::snprintf(byte, sizeof byte, "%02x", digest[i]);
    hex << byte;
  }
  return hex.str();
}

void fetch_verified(const std::vector<std::string>& mirrors, const std::string& file_name, const std::string& md5_hex,
                    const std::string& dest) {
  static const bool curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  EDDL_CHECK_AS(IOError, curl_ready, "download of " << file_name << ": libcurl could not initialise");
  const std::string partial = dest + ".part-" + std::to_string(getpid());
  std::ostringstream failures;
  for (const std::string& mirror : mirrors) {
    const std::string url = mirror + file_name;
    std::string why = download(url, partial);
    if (why.empty()) {
      const std::string got = md5_of_file(partial);
      if (got == md5_hex) {
        EDDL_CHECK_AS(IOError, std::rename(partial.c_str(), dest.c_str()) == 0,
                      "download of " << file_name << ": cannot move it to '" << dest << "'");
        return;
      }
      why = "checksum mismatch: MD5 " + got + ", expected " + md5_hex;
    }
    std::remove(partial.c_str());
    failures << "\n  " << url << ": " << why;
  }
  EDDL_CHECK_AS(IOError, false, "could not download " << file_name << " with MD5 " << md5_hex << ":" << failures.str());
}

}  // namespace eddl::datasets_detail
