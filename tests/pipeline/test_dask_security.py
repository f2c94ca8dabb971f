"""Whoever can reach a Dask scheduler can run any code on its workers: `build --scheduler`
refuses a plain address beyond the loopback before connecting, and connects to a `tls://`
scheduler with certificates — given as options or taken from Dask's own configuration."""

from __future__ import annotations

import datetime
import ipaddress
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

from wbanalysis.cli import main
from wbanalysis.errors import ParameterError
from wbanalysis.pipeline import distributed
from wbanalysis.pipeline.options import BuildOptions

NB = ROOT / "tests" / "data" / "notebooks" / "ok" / "a_funding.ipynb"


# ---- self-signed certificates: a CA and a certificate it signed (and one it did not) ---------


def _with_cryptography(folder: Path, names: list[str]) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)

    def write_key(key, path: Path) -> None:
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )

    def name(text: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])

    for prefix in names:  # each a CA of its own and a certificate it signed
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca = (
            x509.CertificateBuilder()
            .subject_name(name(f"{prefix} test CA"))
            .issuer_name(name(f"{prefix} test CA"))
            .public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
            .sign(ca_key, hashes.SHA256())
        )
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(name(f"{prefix} dask"))
            .issuer_name(ca.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.ExtendedKeyUsage(
                    [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
                ),
                critical=False,
            )
            .add_extension(
                x509.SubjectAlternativeName(
                    [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
                ),
                critical=False,
            )
            .sign(ca_key, hashes.SHA256())
        )
        (folder / f"{prefix}-ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
        (folder / f"{prefix}-cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        write_key(key, folder / f"{prefix}-key.pem")


def _with_openssl(folder: Path, names: list[str]) -> None:
    ext = folder / "leaf.ext"
    ext.write_text(
        "basicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n"
        "subjectAltName=DNS:localhost,IP:127.0.0.1\n",
        encoding="ascii",
    )

    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=folder)

    for p in names:
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
            f"/CN={p} test CA", "-keyout", f"{p}-ca-key.pem", "-out", f"{p}-ca.pem")  # fmt: skip
        run("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={p} dask",
            "-keyout", f"{p}-key.pem", "-out", f"{p}.csr")  # fmt: skip
        run("x509", "-req", "-in", f"{p}.csr", "-CA", f"{p}-ca.pem", "-CAkey", f"{p}-ca-key.pem",
            "-CAcreateserial", "-days", "1", "-extfile", "leaf.ext", "-out", f"{p}-cert.pem")  # fmt: skip


@pytest.fixture(scope="module")
def certs(tmp_path_factory) -> Path:
    """``cluster-ca.pem``, ``cluster-cert.pem``, ``cluster-key.pem``: the cluster's CA and a
    certificate it signed; ``stranger-*``: the same made by another CA."""
    folder = tmp_path_factory.mktemp("certs")
    try:
        import cryptography  # noqa: F401
    except ImportError:
        if shutil.which("openssl") is None:
            pytest.skip("neither the cryptography package nor openssl: no test certificates")
        _with_openssl(folder, ["cluster", "stranger"])
    else:
        _with_cryptography(folder, ["cluster", "stranger"])
    return folder


def _tls(certs: Path, prefix: str = "cluster") -> dict:
    return {
        "tls_ca_file": certs / "cluster-ca.pem",
        "tls_cert": certs / f"{prefix}-cert.pem",
        "tls_key": certs / f"{prefix}-key.pem",
    }


def _cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(["build", *argv])
    return code, capsys.readouterr().err


@pytest.fixture
def no_connection(monkeypatch):
    """Fail the test if the build tries to reach any scheduler."""

    def refuse(*args, **kwargs):
        raise AssertionError("the build connected to a scheduler it should have refused")

    monkeypatch.setattr(distributed, "_connect", refuse)


# ---- refused before connecting ---------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "tcp://10.0.0.5:8786",
        "192.168.1.20:8786",
        "tcp://0.0.0.0:8786",
        "tcp://dask.example.org:8786",
        "ws://10.0.0.5:8786",
        "tcp://[2001:db8::1]:8786",
    ],
)
def test_a_plain_scheduler_beyond_the_loopback_is_refused_before_connecting(
    tmp_path, capsys, no_connection, address
):
    site = tmp_path / "site"
    code, err = _cli(capsys, "--out", str(site), "--notebooks", str(NB), "--scheduler", address)
    assert code == 2, err
    assert "任意代码" in err and "--allow-insecure-scheduler" in err and "tls://" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not site.exists()  # refused before the site or the ledgers were touched


@pytest.mark.parametrize(
    "address", ["tcp://127.0.0.1:8786", "127.0.0.1:8786", "tcp://localhost:8786", "[::1]:8786"]
)
def test_the_loopback_and_an_acknowledged_network_need_no_certificates(address):
    assert distributed.scheduler_security(address) is None
    assert distributed.scheduler_security("tcp://10.0.0.5:8786", allow_insecure=True) is None
    BuildOptions(scheduler="tcp://10.0.0.5:8786", allow_insecure_scheduler=True)


def test_tls_without_certificates_is_refused_in_chinese(capsys, no_connection, tmp_path):
    code, err = _cli(capsys, "--out", str(tmp_path / "s"), "--scheduler", "tls://10.0.0.5:8786")
    assert code == 2 and "须有证书" in err and "--tls-ca-file" in err, err
    assert "distributed.comm.tls.ca-file" in err and "Traceback" not in err


@pytest.mark.parametrize("which", ["--tls-ca-file", "--tls-cert", "--tls-key"])
def test_a_missing_or_unusable_certificate_file_is_refused(capsys, certs, tmp_path, which):
    options = {
        "--tls-ca-file": str(certs / "cluster-ca.pem"),
        "--tls-cert": str(certs / "cluster-cert.pem"),
        "--tls-key": str(certs / "cluster-key.pem"),
    }
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("不是证书", encoding="utf-8")
    folder = tmp_path / "a folder.pem"
    folder.mkdir()
    for bad, text in (
        (tmp_path / "missing.pem", "找不到"),
        (folder, "找不到"),
        (garbage, "不是 PEM 格式"),
    ):
        argv = {**options, which: str(bad)}
        code, err = _cli(
            capsys,
            "--out",
            str(tmp_path / "s"),
            "--scheduler",
            "tls://127.0.0.1:8786",
            *(item for pair in argv.items() for item in pair),
        )
        assert code == 2 and text in err and str(bad) in err, (which, bad, err)
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_an_unreadable_certificate_is_refused(certs, tmp_path, monkeypatch):
    key = tmp_path / "key.pem"
    shutil.copy(certs / "cluster-key.pem", key)
    if os.name == "nt" or os.geteuid() == 0:  # file modes do not stop them: as if they did
        real = Path.open

        def denied(self, *args, **kwargs):
            if self == key:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", denied)
    else:
        key.chmod(0)
    try:
        with pytest.raises(ParameterError, match="无法读取私钥文件"):
            BuildOptions(scheduler="tls://127.0.0.1:8786", **{**_tls(certs), "tls_key": key})
    finally:
        key.chmod(0o600)


def test_a_key_that_is_not_the_certificates_is_refused(certs):
    with pytest.raises(ParameterError, match="是否配对"):
        BuildOptions(
            scheduler="tls://127.0.0.1:8786",
            **{**_tls(certs), "tls_key": certs / "stranger-key.pem"},
        )


def test_certificates_with_a_plain_address_or_without_a_scheduler_are_refused(certs):
    with pytest.raises(ParameterError, match="不加密"):
        BuildOptions(scheduler="tcp://127.0.0.1:8786", **_tls(certs))
    with pytest.raises(ParameterError, match="须与 --scheduler 同用"):
        BuildOptions(**_tls(certs))


def test_certificates_come_from_dasks_configuration_when_not_given(certs):
    import dask

    with dask.config.set(
        {
            "distributed.comm.tls.ca-file": str(certs / "cluster-ca.pem"),
            "distributed.comm.tls.client.cert": str(certs / "cluster-cert.pem"),
            "distributed.comm.tls.client.key": str(certs / "cluster-key.pem"),
        }
    ):
        security = BuildOptions(scheduler="tls://127.0.0.1:8786").security()
        assert security.require_encryption is True
        assert security.tls_ca_file == str(certs / "cluster-ca.pem")
        # an option given wins over the configuration
        given = distributed.scheduler_security(
            "tls://127.0.0.1:8786", cert=certs / "cluster-cert.pem"
        )
        assert given.tls_client_cert == str(certs / "cluster-cert.pem")
    with dask.config.set({"distributed.comm.tls.ca-file": str(certs / "nowhere.pem")}):
        with pytest.raises(ParameterError, match="找不到CA 证书文件"):
            distributed.scheduler_security(
                "tls://127.0.0.1:8786",
                cert=certs / "cluster-cert.pem",
                key=certs / "cluster-key.pem",
            )


# ---- a TLS scheduler on 127.0.0.1 --------------------------------------------------------------


@pytest.fixture
def tls_cluster(certs):
    """A scheduler and one worker in this process, TLS on 127.0.0.1, no dashboard."""
    from distributed import LocalCluster
    from distributed.security import Security

    ca, cert, key = (str(certs / f"cluster-{n}.pem") for n in ("ca", "cert", "key"))
    security = Security(
        require_encryption=True,
        tls_ca_file=ca,
        tls_scheduler_cert=cert,
        tls_scheduler_key=key,
        tls_worker_cert=cert,
        tls_worker_key=key,
        tls_client_cert=cert,
        tls_client_key=key,
    )
    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tls://",
        host="127.0.0.1",
        dashboard_address=None,
        security=security,
    ) as cluster:
        assert cluster.scheduler_address.startswith("tls://127.0.0.1:")
        yield cluster


@pytest.mark.slow
def test_a_build_runs_on_a_tls_scheduler_and_a_client_without_the_clusters_certificate_cannot(
    tmp_path, capsys, certs, tls_cluster
):
    address = tls_cluster.scheduler_address
    site = tmp_path / "site"
    tls = [
        "--tls-ca-file",
        str(certs / "cluster-ca.pem"),
        "--tls-cert",
        str(certs / "cluster-cert.pem"),
        "--tls-key",
        str(certs / "cluster-key.pem"),
    ]
    code, err = _cli(capsys, "--out", str(site), "--notebooks", str(NB), "--years", "2023",
                     "--counties", "全市", "--formats", "html", "--scheduler", address, *tls)  # fmt: skip
    assert code == 0, err
    assert (site / "index.html").is_file()
    pages = [p for p in site.rglob("a_funding.html")]
    assert len(pages) == 1 and "争取项目资金" in pages[0].read_text(encoding="utf-8")

    # the same scheduler, reached without the cluster's certificates: refused
    port = address.rsplit(":", 1)[1]
    from distributed import Client

    with pytest.raises(Exception):  # noqa: B017 - a plain TCP client: no TLS handshake
        Client(f"tcp://127.0.0.1:{port}", timeout="3s")
    with pytest.raises(Exception):  # noqa: B017 - a certificate another CA signed
        Client(
            address,
            timeout="3s",
            security=distributed.scheduler_security(
                address,
                ca_file=certs / "cluster-ca.pem",
                cert=certs / "stranger-cert.pem",
                key=certs / "stranger-key.pem",
            ),
        )
    code, err = _cli(capsys, "--out", str(tmp_path / "plain"), "--notebooks", str(NB),
                     "--years", "2023", "--counties", "全市", "--scheduler",
                     f"tcp://127.0.0.1:{port}")  # fmt: skip
    assert code == 2 and "无法连接 Dask 调度器" in err and "Traceback" not in err, err
    assert not list((tmp_path / "plain").rglob("a_funding.html"))
