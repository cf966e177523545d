package io.switchboard.adapters.in.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TRUSTED_PROXIES parsing (IPv4, IPv6, CIDR) and the right-most-untrusted rule of X-Forwarded-For. */
class ClientAddressesTest {

    @Test
    void withNoTrustedProxies_thePeerIsTheClient_whateverTheHeaderSays() {
        assertThat(ClientAddresses.none().resolve("192.0.2.1", "203.0.113.9")).isEqualTo("192.0.2.1");
        assertThat(ClientAddresses.parse("").resolve("192.0.2.1", "203.0.113.9")).isEqualTo("192.0.2.1");
    }

    @Test
    void anUntrustedPeersHeaderIsIgnored() {
        ClientAddresses addresses = ClientAddresses.parse("10.0.0.1");

        assertThat(addresses.resolve("192.0.2.1", "203.0.113.9")).isEqualTo("192.0.2.1");
    }

    @Test
    void aTrustedPeer_givesTheRightMostAddress() {
        ClientAddresses addresses = ClientAddresses.parse("10.0.0.1");

        assertThat(addresses.resolve("10.0.0.1", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(addresses.resolve("10.0.0.1", "6.6.6.6, 203.0.113.9")).as("a spoofed left part is ignored")
                .isEqualTo("203.0.113.9");
    }

    @Test
    void aChainOfTrustedProxies_givesTheRightMostUntrustedAddress() {
        ClientAddresses addresses = ClientAddresses.parse("10.0.0.0/8, 172.16.0.5");

        assertThat(addresses.resolve("172.16.0.5", "6.6.6.6, 198.51.100.7, 10.1.2.3, 10.9.9.9"))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void aListOfOnlyTrustedProxies_givesTheLeftMostOfThem() {
        ClientAddresses addresses = ClientAddresses.parse("10.0.0.0/8");

        assertThat(addresses.resolve("10.0.0.1", "10.0.0.3, 10.0.0.2")).isEqualTo("10.0.0.3");
    }

    @Test
    void aTrustedPeerWithoutTheHeader_isTheClient() {
        assertThat(ClientAddresses.parse("10.0.0.1").resolve("10.0.0.1", null)).isEqualTo("10.0.0.1");
    }

    @Test
    void aMalformedHop_stopsTheWalk_atTheTrustedProxyThatWroteIt() {
        ClientAddresses addresses = ClientAddresses.parse("10.0.0.0/8");

        assertThat(addresses.resolve("10.0.0.1", "198.51.100.7, unknown, 10.0.0.2")).isEqualTo("10.0.0.2");
        assertThat(addresses.resolve("10.0.0.1", "example.com")).as("never a DNS name").isEqualTo("10.0.0.1");
        assertThat(addresses.resolve("10.0.0.1", "999.1.1.1")).isEqualTo("10.0.0.1");
    }

    @Test
    void emptyHopsAreSkipped_andPortsIgnored() {
        ClientAddresses addresses = ClientAddresses.parse("10.0.0.1");

        assertThat(addresses.resolve("10.0.0.1", "198.51.100.7:4711, ")).isEqualTo("198.51.100.7");
        assertThat(addresses.resolve("10.0.0.1", "[2001:db8::7]:443")).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void ipv6Blocks_matchIpv6Peers() {
        ClientAddresses addresses = ClientAddresses.parse("2001:db8::/32, ::1");

        assertThat(addresses.resolve("2001:db8:ffff::1", "2001:db9::5")).isEqualTo("2001:db9:0:0:0:0:0:5");
        assertThat(addresses.resolve("0:0:0:0:0:0:0:1", "198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(addresses.resolve("2001:db9::1", "198.51.100.7")).as("outside the /32")
                .isEqualTo("2001:db9:0:0:0:0:0:1");
    }

    @Test
    void anIpv4BlockDoesNotMatchIpv6_andTheOtherWayRound() {
        ClientAddresses addresses = ClientAddresses.parse("0.0.0.0/0");

        assertThat(addresses.resolve("2001:db8::1", "198.51.100.7")).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(addresses.resolve("192.0.2.1", "198.51.100.7")).isEqualTo("198.51.100.7");
    }

    @Test
    void cidrPrefixesAreHonouredToTheBit() {
        ClientAddresses addresses = ClientAddresses.parse("192.0.2.128/25");

        assertThat(addresses.resolve("192.0.2.128", "198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(addresses.resolve("192.0.2.255", "198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(addresses.resolve("192.0.2.127", "198.51.100.7")).isEqualTo("192.0.2.127");
    }

    @Test
    void aHostBitsSetInTheBlockAreMaskedOff() {
        assertThat(ClientAddresses.parse("10.1.2.3/8").resolve("10.200.0.1", "198.51.100.7"))
                .isEqualTo("198.51.100.7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "10.0.0.1/33", "10.0.0/8", "2001:db8::/129", "10.0.0.1/", "10.0.0.1/x",
            "256.0.0.1", "fe80::1%eth0", "1.2.3.4, nope"})
    void aBadEntry_isRefusedNamingIt(String spec) {
        assertThatThrownBy(() -> ClientAddresses.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'");
    }

    @Test
    void severalEntriesAndBlanksParse() {
        ClientAddresses addresses = ClientAddresses.parse(" 10.0.0.1 ,, 2001:db8::/48 ,192.168.0.0/16");

        assertThat(addresses.trustsAnyProxy()).isTrue();
        assertThat(addresses.resolve("192.168.3.4", "198.51.100.7")).isEqualTo("198.51.100.7");
    }
}
