// SPDX-License-Identifier: MIT
// genericpciemodel: the device process libxrt_swemu forks for software emulation, written for eddl
// because the one Vitis ships is closed (docs/fpga.md, "How sw_emu works"). It serves XRT's RPC on
// the shim's Unix socket: device DDR is one large lazily-backed mapping (device address = offset),
// LoadBitstream dlopens the kernel shared object and reads the kernels' register maps from the
// xclbin XML, and a control-register write with AP_START calls the kernel's extern "C" top function
// through libffi with its arguments decoded from the registers, then reports DONE|IDLE.
#include <dlfcn.h>
#include <ffi.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "swemu_rpc.pb.h"

namespace {

// API numbers of the calls we serve (XRT's xcl_macros.h).
enum Api : uint32_t {
  kClose = 1,
  kLoadBitstream = 3,
  kAlloc = 4,
  kFree = 5,
  kHostToDevice = 6,
  kDeviceToHost = 7,
  kControlWrite = 9,
  kControlRead = 11,
  kDebugMessages = 19,
};
constexpr uint32_t kApStart = 0x1, kApDone = 0x2, kApIdle = 0x4;
constexpr uint64_t kDdrBytes = uint64_t{64} << 30;  // reserved, not committed: pages appear on first touch
constexpr size_t kCallHeaderBytes = 14, kReplyHeaderBytes = 9;

[[noreturn]] void fail(const std::string& why) {
  std::fprintf(stderr, "eddl genericpciemodel: %s\n", why.c_str());
  std::exit(1);
}

struct KernelArg {
  uint64_t offset;  // in the CU's register map
  uint64_t size;
  std::string type;
  bool pointer;
};

struct ComputeUnit {
  std::string kernel;
  std::vector<KernelArg> args;
  void (*entry)() = nullptr;
  std::vector<uint8_t> registers = std::vector<uint8_t>(0x10000, 0);
};

class DeviceModel {
 public:
  explicit DeviceModel(int fd) : fd_(fd) {
    void* m = mmap(nullptr, kDdrBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED) fail("cannot reserve the device memory mapping");
    ddr_ = static_cast<uint8_t*>(m);
  }

  // Serves calls until the host closes everything or goes away.
  void serve() {
    std::string header(kCallHeaderBytes, '\0'), body;
    while (read_exact(&header[0], header.size())) {
      eddl_swemu::CallHeader call;
      if (!call.ParseFromString(header)) fail("malformed call header");
      body.resize(call.size());
      if (!read_exact(&body[0], body.size())) return;
      if (!answer(call.api(), body)) return;
    }
  }

 private:
  bool answer(uint32_t api, const std::string& body) {
    eddl_swemu::Ack ack;
    ack.set_ok(true);
    switch (api) {
      case kClose: {
        eddl_swemu::CloseCall c;
        c.ParseFromString(body);
        reply(ack);
        return !c.close_all();
      }
      case kLoadBitstream: {
        eddl_swemu::LoadBitstreamCall c;
        c.ParseFromString(body);
        ack.set_ok(load(c.xml_path(), c.kernel_library_path()));
        return reply(ack);
      }
      case kHostToDevice: {
        eddl_swemu::HostToDeviceCall c;
        c.ParseFromString(body);
        std::memcpy(device(c.dest(), c.data().size()), c.data().data(), c.data().size());
        eddl_swemu::HostToDeviceReply r;
        r.set_size(c.data().size());
        return reply(r);
      }
      case kDeviceToHost: {
        eddl_swemu::DeviceToHostCall c;
        c.ParseFromString(body);
        eddl_swemu::DeviceToHostReply r;
        r.set_size(c.size());
        r.set_data(reinterpret_cast<const char*>(device(c.src(), c.size())), c.size());
        return reply(r);
      }
      case kControlWrite: {
        eddl_swemu::ControlWriteCall c;
        c.ParseFromString(body);
        control_write(c.addr(), c.data());
        return reply(ack);
      }
      case kControlRead: {
        eddl_swemu::ControlReadCall c;
        c.ParseFromString(body);
        eddl_swemu::ControlReadReply r;
        r.set_valid(true);
        r.set_data(control_read(c.addr(), c.size()));
        return reply(r);
      }
      case kDebugMessages: return reply(eddl_swemu::Ack{});  // every field optional, none of them a bool
      default: return reply(ack);  // Alloc, Free, SetupInstance, ...: the host keeps the books
    }
  }

  bool load(const std::string& xml_path, const std::string& library_path) {
    if (library_path.empty()) return true;  // the shim's placeholder load before the first xclbin
    void* lib = dlopen(library_path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) fail(std::string("cannot load the kernel library: ") + dlerror());
    std::ifstream in(xml_path);
    std::stringstream text;
    text << in.rdbuf();
    const std::string xml = text.str();
    cus_.clear();
    // The XML is eddl's own (kernel_metadata_xml()): kernel blocks are cut out by their tags and a
    // few patterns read each (std::regex recurses per character, so never over the whole file).
    const std::regex name_re("<kernel name=\"(\\w+)\"");
    const std::regex arg_re("<arg name=\"\\w+\" addressQualifier=\"(\\d)\"[^>]*size=\"(\\w+)\" offset=\"(\\w+)\"[^>]*type=\"([^\"]+)\"");
    const std::regex base_re("<addrRemap base=\"(\\w+)\"");
    for (size_t at = xml.find("<kernel "); at != std::string::npos; at = xml.find("<kernel ", at + 1)) {
      const size_t stop = xml.find("</kernel>", at);
      if (stop == std::string::npos) fail("unterminated <kernel> in " + xml_path);
      std::smatch m;
      const std::string head = xml.substr(at, xml.find('>', at) - at + 1);
      if (!std::regex_search(head, m, name_re)) fail("a <kernel> without a name in " + xml_path);
      ComputeUnit unit;
      unit.kernel = m[1];
      unit.entry = reinterpret_cast<void (*)()>(dlsym(lib, unit.kernel.c_str()));
      if (unit.entry == nullptr) fail("the kernel library has no symbol " + unit.kernel);
      std::vector<uint64_t> bases;
      std::istringstream lines(xml.substr(at, stop - at));
      for (std::string line; std::getline(lines, line);) {
        if (std::regex_search(line, m, arg_re)) {
          unit.args.push_back(KernelArg{std::stoull(m[3], nullptr, 0), std::stoull(m[2], nullptr, 0), m[4], m[1] == "1"});
        } else if (std::regex_search(line, m, base_re)) {
          bases.push_back(std::stoull(m[1], nullptr, 0));
        }
      }
      for (uint64_t base : bases) cus_[base] = unit;
    }
    return !cus_.empty();
  }

  ComputeUnit* unit_at(uint64_t addr, uint64_t* offset) {
    auto it = cus_.upper_bound(addr);
    if (it == cus_.begin()) return nullptr;
    --it;
    *offset = addr - it->first;
    return *offset < it->second.registers.size() ? &it->second : nullptr;
  }

  void control_write(uint64_t addr, const std::string& data) {
    uint64_t offset = 0;
    ComputeUnit* unit = unit_at(addr, &offset);
    if (unit == nullptr || offset + data.size() > unit->registers.size()) return;
    std::memcpy(unit->registers.data() + offset, data.data(), data.size());
    uint32_t control;
    std::memcpy(&control, unit->registers.data(), 4);
    if ((control & kApStart) == 0) return;
    run(*unit);
    control = kApDone | kApIdle;
    std::memcpy(unit->registers.data(), &control, 4);
  }

  std::string control_read(uint64_t addr, uint32_t size) {
    uint64_t offset = 0;
    ComputeUnit* unit = unit_at(addr, &offset);
    if (unit == nullptr || offset + size > unit->registers.size()) return std::string(size, '\0');
    return std::string(reinterpret_cast<const char*>(unit->registers.data() + offset), size);
  }

  // Calls the kernel with its arguments decoded from the register map, typed by the XML.
  void run(ComputeUnit& unit) {
    const size_t n = unit.args.size();
    std::vector<ffi_type*> types(n);
    std::vector<uint64_t> raw(n);
    std::vector<void*> values(n);
    for (size_t i = 0; i < n; ++i) {
      const KernelArg& a = unit.args[i];
      std::memcpy(&raw[i], unit.registers.data() + a.offset, a.size <= 8 ? a.size : 8);
      if (a.pointer) {
        raw[i] = reinterpret_cast<uint64_t>(device(raw[i], 0));
        types[i] = &ffi_type_pointer;
      } else if (a.type == "float") {
        types[i] = &ffi_type_float;
      } else if (a.type == "double") {
        types[i] = &ffi_type_double;
      } else {
        types[i] = a.size == 8 ? &ffi_type_sint64 : &ffi_type_sint32;
      }
      values[i] = &raw[i];  // little-endian: a 4-byte value sits at the start of its slot
    }
    ffi_cif cif;
    if (ffi_prep_cif(&cif, FFI_DEFAULT_ABI, static_cast<unsigned>(n), &ffi_type_void, types.data()) != FFI_OK) {
      fail("libffi cannot describe " + unit.kernel);
    }
    ffi_call(&cif, unit.entry, nullptr, values.data());
  }

  uint8_t* device(uint64_t address, uint64_t size) {
    if (address > kDdrBytes || size > kDdrBytes - address) fail("device address out of range");
    return ddr_ + address;
  }

  template <class Message>
  bool reply(const Message& m) {
    const std::string body = m.SerializeAsString();
    eddl_swemu::ReplyHeader header;
    header.set_size(body.size());
    const std::string head = header.SerializeAsString();
    if (head.size() != kReplyHeaderBytes) fail("reply header is not 9 bytes");
    return write_all(head) && write_all(body);
  }

  bool read_exact(char* p, size_t n) {
    while (n > 0) {
      const ssize_t r = ::recv(fd_, p, n, 0);
      if (r <= 0) return false;
      p += r;
      n -= static_cast<size_t>(r);
    }
    return true;
  }

  bool write_all(const std::string& s) {
    const char* p = s.data();
    size_t n = s.size();
    while (n > 0) {
      const ssize_t w = ::send(fd_, p, n, MSG_NOSIGNAL);
      if (w <= 0) return false;
      p += w;
      n -= static_cast<size_t>(w);
    }
    return true;
  }

  int fd_;
  uint8_t* ddr_;
  std::map<uint64_t, ComputeUnit> cus_;  // by control-register base address
};

// The shim listens on /tmp/$USER/$EMULATION_SOCKETID (or /tmp/xcl_sock without USER) and may
// bind only after forking us, so we retry for a while.
int connect_to_host() {
  const char* user = std::getenv("USER");
  const char* id = std::getenv("EMULATION_SOCKETID");
  const std::string path = user != nullptr && id != nullptr ? std::string("/tmp/") + user + "/" + id : "/tmp/xcl_sock";
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) fail("socket path too long: " + path);
  std::strcpy(address.sun_path, path.c_str());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) fail("cannot create a socket");
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) return fd;
    ::close(fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  fail("the host never listened on " + path);
}

}  // namespace

int main() {
  const int fd = connect_to_host();
  DeviceModel(fd).serve();
  ::close(fd);
  return 0;
}
