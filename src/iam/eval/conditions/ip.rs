//! `IpAddress` / `NotIpAddress`: CIDR ranges, IPv4 and IPv6; an address without a prefix is a
//! single address (`/32` for IPv4, as IAM documents; `/128` for IPv6).

use std::net::IpAddr;

/// A range of addresses.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cidr {
    network: IpAddr,
    prefix: u32,
}

/// An address as a 128-bit number and its width.
fn bits(ip: IpAddr) -> (u128, u32) {
    match ip {
        IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
        IpAddr::V6(v6) => (u128::from(v6), 128),
    }
}

impl Cidr {
    /// `203.0.113.0/24`, `2001:DB8:1234:5678::/64`, or one address.
    pub(super) fn parse(text: &str) -> Option<Cidr> {
        let (addr, prefix) = match text.trim().split_once('/') {
            Some((a, p)) => (a, Some(p.parse::<u32>().ok()?)),
            None => (text.trim(), None),
        };
        let network: IpAddr = addr.parse().ok()?;
        let width = bits(network).1;
        let prefix = prefix.unwrap_or(width);
        (prefix <= width).then_some(Cidr { network, prefix })
    }

    /// True when the address is in the range (never across IPv4 and IPv6).
    pub(super) fn contains(&self, address: &str) -> bool {
        let Ok(ip) = address.trim().parse::<IpAddr>() else {
            return false;
        };
        let ((net, width), (addr, addr_width)) = (bits(self.network), bits(ip));
        if width != addr_width {
            return false;
        }
        let shift = width - self.prefix;
        shift == width || (net >> shift) == (addr >> shift)
    }
}
