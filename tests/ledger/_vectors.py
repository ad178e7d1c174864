"""Fixed inputs and expected outputs from shared/specs/ledger.md (sections 1.5 and 2.7)."""

from __future__ import annotations

import hashlib

from servanda.ledger import SignerKey, SigType

LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# transparency-dev/merkle testonly NodeHashes(): [level][index].
NODE_HASHES = [
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ],
    [
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    ],
    [
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
]

LOG_NAME = "example.org/servanda-test-log"
WITNESS_NAME = "example.org/servanda-test-witness"
LOG_SEED = hashlib.sha256(b"servanda TEST log seed").digest()
WITNESS_SEED = hashlib.sha256(b"servanda TEST witness seed").digest()
LOG_KEY = SignerKey(LOG_NAME, LOG_SEED)
WITNESS_KEY = SignerKey(WITNESS_NAME, WITNESS_SEED, SigType.COSIGNATURE_V1)
LOG_VKEY = "example.org/servanda-test-log+2a4c7532+Afl1Og538qYKw8+hvotoYmg5TTCzV2sTHjfXaVHkUyZi"
WITNESS_VKEY = (
    "example.org/servanda-test-witness+854369d0+BNfxCz3biet3LZE3sgoC4u6XX1mxFFgNz4Wac1fO0cXI"
)
TIMESTAMP = 1700000000
ROOT8_B64 = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="
CHECKPOINT_TEXT = f"{LOG_NAME}\n8\n{ROOT8_B64}\n"
LOG_SIG_LINE = (
    "\u2014 example.org/servanda-test-log Kkx1MphyO3FDEhUanAYRCIJbi5cGjOW45SLUFIqyIiRIQXN1"
    "scsfSe6vkttDoY2U50/I4Xpi2sZxNoFY+Q3jE2mHZw4=\n"
)
WITNESS_SIG_LINE = (
    "\u2014 example.org/servanda-test-witness hUNp0AAAAABlU/EAkPdLlhmT7obo725AfTk5U1Y/JNu16Z8O"
    "sZzIJM+tK3jTtNAQEgubqOPMim2Ly5QTUDyWZu8r6pgLYLjfrn5EBg==\n"
)
SIGNED_CHECKPOINT = (CHECKPOINT_TEXT + "\n" + LOG_SIG_LINE).encode()
COSIGNED_CHECKPOINT = (CHECKPOINT_TEXT + "\n" + LOG_SIG_LINE + WITNESS_SIG_LINE).encode()
COSIGNATURE_MESSAGE = (
    b"cosignature/v1\ntime 1700000000\nexample.org/servanda-test-log\n8\n"
    b"XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n"
)
ROOT6 = bytes.fromhex(ROOTS[6])
PROOF_6_TO_8 = (
    "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=\n"
    "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=\n"
    "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=\n"
)
ADD_CHECKPOINT_BODY = b"old 6\n" + PROOF_6_TO_8.encode() + b"\n" + SIGNED_CHECKPOINT
TLOG_PROOF_LEAF_5 = (
    b"c2sp.org/tlog-proof@v1\nindex 5\n"
    b"vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=\n"
    b"yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=\n"
    b"037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=\n\n" + COSIGNED_CHECKPOINT
)
