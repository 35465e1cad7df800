import type { Detection } from '../../../../shared/model/detection.ts';
import { accountsAndAbuse } from './network-and-compute-accounts.ts';
import { instances } from './network-and-compute-instances.ts';
import { PRINCIPAL } from './sql-parts.ts';

const family = 'Network, compute and accounts';

/*
 * Network paths opened, bridged or tapped. Security-group ingress to the world and deleted
 * flow logs are covered by the logging-and-defenses rules; these add the controls around them.
 */
const network: Detection[] = [
  {
    id: 'nacl-opened-to-internet',
    title: 'Network ACL entry allowing all inbound traffic from the internet',
    description:
      'CreateNetworkAclEntry or ReplaceNetworkAclEntry adding an inbound "allow" for a /0 range (0.0.0.0/0, ::/0) on every protocol, or on every port (1 or 0 to 65535): the subnet firewall removed in one rule, so that whatever security groups allow is reachable from anywhere. Entries for a single port, for private ranges, outbound entries and denies are left out.',
    severity: 'high',
    attack: ['T1562.007'],
    false_positives:
      'Custom network ACLs rebuilt to mirror the default ACL (which allows everything), and public subnets whose filtering is deliberately left to security groups.',
    family,
    sql: `WITH entries AS (
  SELECT
    *,
    coalesce(request_parameters->>'$.cidrBlock', request_parameters->>'$.ipv6CidrBlock') AS cidr,
    request_parameters->>'$.aclProtocol' AS protocol,
    TRY_CAST(request_parameters->>'$.portRange.from' AS INTEGER) AS from_port,
    TRY_CAST(request_parameters->>'$.portRange.to' AS INTEGER) AS to_port
  FROM events
  WHERE event_source = 'ec2.amazonaws.com'
    AND event_name IN ('CreateNetworkAclEntry', 'ReplaceNetworkAclEntry')
)
SELECT
  event_time,
  event_key,
  event_name,
  request_parameters->>'$.networkAclId' AS network_acl_id,
  request_parameters->>'$.ruleNumber' AS rule_number,
  cidr,
  protocol,
  from_port,
  to_port,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM entries
WHERE lower(request_parameters->>'$.ruleAction') = 'allow'
  AND (request_parameters->>'$.egress') = 'false'
  AND regexp_matches(cidr, '/0$')
  -- protocol -1 is "all"; a TCP or UDP rule over the whole port range is as open
  AND (protocol = '-1' OR (from_port <= 1 AND to_port >= 65535))
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'vpc-peering-with-another-account',
    title: 'VPC peering requested with, or accepted from, another account',
    description:
      "CreateVpcPeeringConnection naming a peer owner other than the account, and AcceptVpcPeeringConnection of a request whose requester VPC belongs to another account: a private network route between the VPC and an outside account, which can then reach internal services or receive data without crossing the internet edge. Peering between VPCs of the same account is left out; compare the other account with the organisation's list.",
    severity: 'high',
    attack: ['T1562.007', 'T1537'],
    false_positives:
      "Peering with the organisation's own shared-services, network or partner accounts, usually set up by infrastructure as code.",
    family,
    sql: `WITH peerings AS (
  SELECT
    *,
    CASE event_name
      WHEN 'CreateVpcPeeringConnection' THEN coalesce(
        request_parameters->>'$.peerOwnerId',
        request_parameters->>'$.CreateVpcPeeringConnectionRequest.PeerOwnerId',
        response_elements->>'$.vpcPeeringConnection.accepterVpcInfo.ownerId')
      ELSE coalesce(
        response_elements->>'$.vpcPeeringConnection.requesterVpcInfo.ownerId',
        response_elements->>'$.AcceptVpcPeeringConnectionResponse.vpcPeeringConnection.requesterVpcInfo.ownerId')
    END AS other_account
  FROM events
  WHERE event_source = 'ec2.amazonaws.com'
    AND event_name IN ('CreateVpcPeeringConnection', 'AcceptVpcPeeringConnection')
)
SELECT
  event_time,
  event_key,
  event_name,
  other_account,
  coalesce(request_parameters->>'$.vpcId', request_parameters->>'$.CreateVpcPeeringConnectionRequest.VpcId') AS vpc_id,
  coalesce(request_parameters->>'$.peerVpcId', request_parameters->>'$.CreateVpcPeeringConnectionRequest.PeerVpcId') AS peer_vpc_id,
  coalesce(request_parameters->>'$.vpcPeeringConnectionId',
           response_elements->>'$.vpcPeeringConnection.vpcPeeringConnectionId') AS peering_id,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM peerings
WHERE other_account IS NOT NULL
  AND other_account IS DISTINCT FROM recipient_account_id
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'traffic-routed-through-instance',
    title: 'Traffic routed through an instance or network interface',
    description:
      "Routes created or replaced so that a route table sends traffic to an instance or an elastic network interface, and source/destination checking turned off on an instance or interface (what lets it forward traffic that is not its own): an intruder diverting a subnet's traffic through a machine they control to read or alter it. Routes to internet, NAT, transit and peering gateways are left out.",
    severity: 'high',
    attack: ['T1040', 'T1562.007'],
    false_positives:
      'NAT instances, firewall and VPN appliances, and overlay networks (Kubernetes CNI plugins that route pod ranges to nodes).',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  request_parameters->>'$.routeTableId' AS route_table_id,
  coalesce(request_parameters->>'$.destinationCidrBlock', request_parameters->>'$.destinationIpv6CidrBlock',
           request_parameters->>'$.destinationPrefixListId') AS destination,
  coalesce(request_parameters->>'$.instanceId', request_parameters->>'$.networkInterfaceId') AS through,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'ec2.amazonaws.com'
  AND ((event_name IN ('CreateRoute', 'ReplaceRoute')
        AND coalesce(request_parameters->>'$.instanceId', request_parameters->>'$.networkInterfaceId') IS NOT NULL)
    OR (event_name IN ('ModifyInstanceAttribute', 'ModifyNetworkInterfaceAttribute')
        AND (request_parameters->>'$.sourceDestCheck.value') = 'false'))
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'traffic-mirroring-set-up',
    title: 'VPC Traffic Mirroring sessions or targets created',
    description:
      "Traffic Mirroring sessions created or pointed at a new target, and mirror targets created: a copy of every packet of an instance's network interface sent to another interface or load balancer, where credentials and data in clear text can be read. Filters created on their own copy nothing and are left out.",
    severity: 'high',
    attack: ['T1040'],
    false_positives:
      'Network monitoring and intrusion-detection appliances fed by mirroring, and troubleshooting sessions opened by network engineers.',
    family,
    // EC2's newer calls log their parameters inside a <Action>Request object, in API casing.
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  coalesce(request_parameters->>'$.CreateTrafficMirrorSessionRequest.NetworkInterfaceId',
           request_parameters->>'$.CreateTrafficMirrorTargetRequest.NetworkInterfaceId') AS network_interface_id,
  coalesce(request_parameters->>'$.CreateTrafficMirrorSessionRequest.TrafficMirrorTargetId',
           request_parameters->>'$.ModifyTrafficMirrorSessionRequest.TrafficMirrorTargetId',
           request_parameters->>'$.CreateTrafficMirrorTargetRequest.NetworkLoadBalancerArn',
           request_parameters->>'$.CreateTrafficMirrorTargetRequest.GatewayLoadBalancerEndpointId') AS target,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'ec2.amazonaws.com'
  AND (event_name IN ('CreateTrafficMirrorSession', 'CreateTrafficMirrorTarget')
       OR (event_name = 'ModifyTrafficMirrorSession'
           AND coalesce(request_parameters->>'$.ModifyTrafficMirrorSessionRequest.TrafficMirrorTargetId',
                        request_parameters->>'$.trafficMirrorTargetId') IS NOT NULL))
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'internet-gateway-attached-to-existing-vpc',
    title: 'Internet gateway attached to a VPC that was not just created',
    description:
      'AttachInternetGateway on a VPC for which the case shows no CreateVpc in the 24 hours before: a network that had been private given a way to and from the internet, a path for exfiltration or for reaching planted services. New VPCs built with their gateway within a day are left out.',
    severity: 'medium',
    attack: ['T1562.007'],
    false_positives:
      'VPCs created before the logs begin and opened on purpose, and gateways detached and re-attached during maintenance.',
    family,
    sql: `WITH created AS (
  SELECT
    recipient_account_id,
    response_elements->>'$.vpc.vpcId' AS vpc_id,
    event_time
  FROM events
  WHERE event_source = 'ec2.amazonaws.com'
    AND event_name = 'CreateVpc'
    AND error_code IS NULL
)
SELECT
  a.event_time,
  a.event_key,
  a.request_parameters->>'$.vpcId' AS vpc_id,
  a.request_parameters->>'$.internetGatewayId' AS internet_gateway_id,
  ${PRINCIPAL} AS principal,
  a.source_ip,
  a.user_agent,
  a.error_code
FROM events a
WHERE a.event_source = 'ec2.amazonaws.com'
  AND a.event_name = 'AttachInternetGateway'
  AND NOT EXISTS (
    SELECT 1
    FROM created c
    WHERE c.vpc_id = (a.request_parameters->>'$.vpcId')
      AND c.recipient_account_id IS NOT DISTINCT FROM a.recipient_account_id
      AND c.event_time <= a.event_time
      AND c.event_time > a.event_time - INTERVAL 24 HOUR
  )
ORDER BY a.event_time, a.event_key`,
    origin: 'pack',
  },
];

/** Network, compute and account-level rules: one family, three files. */
export const networkAndCompute: Detection[] = [...network, ...instances, ...accountsAndAbuse];
