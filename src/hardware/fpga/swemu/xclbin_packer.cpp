// SPDX-License-Identifier: MIT
// eddl_xclbin_pack OUT.xclbin KERNELS.so KERNELS.xml: packs the software-emulation xclbin, because
// Debian's XRT ships no working xclbinutil. Sections: BITSTREAM (the kernels compiled by g++ as a
// shared object, which sw_emu's device process dlopens), EMBEDDED_METADATA (the XML from the
// kernel table), MEM_TOPOLOGY (one DDR bank), IP_LAYOUT (one ap_ctrl_hs CU per kernel) and
// CONNECTIVITY (every pointer argument on that bank). The uuid is derived from the contents, so
// the same kernels give the same xclbin.
#include <uuid/uuid.h>
#include <xclbin.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "hardware/fpga/fpga_runtime.h"

namespace {

using eddl::hw::fpga::kernel_infos;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  if (!in) throw std::runtime_error("cannot read " + path);
  return s.str();
}

template <class T>
void append(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

// A section whose C struct ends in a one-element array: the count, then `items` back to back.
template <class Item>
std::string counted_section(const std::vector<Item>& items, size_t items_offset) {
  std::string out(items_offset, '\0');
  const int32_t count = static_cast<int32_t>(items.size());
  std::memcpy(&out[0], &count, sizeof count);
  for (const Item& item : items) append(out, item);
  return out;
}

std::string mem_topology_section() {
  mem_data bank{};
  bank.m_type = MEM_DDR4;
  bank.m_used = 1;
  bank.m_size = uint64_t{16} << 20;  // KiB: the 16 GiB bank of the generated emconfig.json
  std::strncpy(reinterpret_cast<char*>(bank.m_tag), "bank0", sizeof bank.m_tag - 1);
  return counted_section(std::vector<mem_data>{bank}, offsetof(mem_topology, m_mem_data));
}

std::string ip_layout_section() {
  std::vector<ip_data> cus;
  for (size_t k = 0; k < kernel_infos().size(); ++k) {
    ip_data cu{};
    cu.m_type = IP_KERNEL;
    cu.properties = (AP_CTRL_HS << IP_CONTROL_SHIFT) | 1;
    cu.m_base_address = eddl::hw::fpga::cu_base_address(k);
    const std::string name = std::string(kernel_infos()[k].name) + ":" + kernel_infos()[k].name + "_1";
    std::strncpy(reinterpret_cast<char*>(cu.m_name), name.c_str(), sizeof cu.m_name - 1);
    cus.push_back(cu);
  }
  return counted_section(cus, offsetof(ip_layout, m_ip_data));  // already sorted by base address
}

std::string connectivity_section() {
  std::vector<connection> links;
  for (size_t k = 0; k < kernel_infos().size(); ++k) {
    const auto& args = kernel_infos()[k].args;
    for (size_t a = 0; a < args.size(); ++a) {
      if (args[a].pointer) links.push_back(connection{static_cast<int32_t>(a), static_cast<int32_t>(k), 0});
    }
  }
  return counted_section(links, offsetof(connectivity, m_connection));
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc != 4) {
    std::cerr << "usage: eddl_xclbin_pack OUT.xclbin KERNELS.so KERNELS.xml\n";
    return 2;
  }
  struct Section {
    axlf_section_kind kind;
    const char* name;
    std::string bytes;
  };
  const std::vector<Section> sections{{BITSTREAM, "eddl_kernels", slurp(argv[2])},
                                      {EMBEDDED_METADATA, "metadata", slurp(argv[3])},
                                      {MEM_TOPOLOGY, "mem_topology", mem_topology_section()},
                                      {IP_LAYOUT, "ip_layout", ip_layout_section()},
                                      {CONNECTIVITY, "connectivity", connectivity_section()}};

  axlf top{};
  std::memcpy(top.m_magic, "xclbin2", 8);
  top.m_signature_length = -1;
  std::memset(top.reserved, 0xFF, sizeof top.reserved);
  top.m_header.m_versionMajor = 2;
  top.m_header.m_versionMinor = 13;
  top.m_header.m_mode = XCLBIN_SW_EMU;
  std::strncpy(reinterpret_cast<char*>(top.m_header.m_platformVBNV), "xilinx:eddl:sw_emu:1.0",
               sizeof top.m_header.m_platformVBNV - 1);
  const std::string identity = sections[0].bytes + sections[1].bytes;
  uuid_t name_space{};
  uuid_generate_sha1(top.m_header.uuid, name_space, identity.data(), identity.size());
  top.m_header.m_numSections = static_cast<uint32_t>(sections.size());

  // Header with all section headers, then each payload 8-byte aligned.
  const size_t header_bytes = offsetof(axlf, m_sections) + sections.size() * sizeof(axlf_section_header);
  std::vector<axlf_section_header> headers;
  std::string payload;
  for (const Section& s : sections) {
    payload.resize((header_bytes + payload.size() + 7) / 8 * 8 - header_bytes, '\0');
    axlf_section_header h{};
    h.m_sectionKind = s.kind;
    std::strncpy(h.m_sectionName, s.name, sizeof h.m_sectionName - 1);
    h.m_sectionOffset = header_bytes + payload.size();
    h.m_sectionSize = s.bytes.size();
    headers.push_back(h);
    payload += s.bytes;
  }
  top.m_header.m_length = header_bytes + payload.size();

  std::string file(reinterpret_cast<const char*>(&top), offsetof(axlf, m_sections));
  for (const axlf_section_header& h : headers) append(file, h);
  file += payload;
  std::ofstream out(argv[1], std::ios::binary);
  out.write(file.data(), static_cast<std::streamsize>(file.size()));
  if (!out) throw std::runtime_error(std::string("cannot write ") + argv[1]);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "eddl_xclbin_pack: " << e.what() << "\n";
  return 1;
}
