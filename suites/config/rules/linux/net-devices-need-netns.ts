// linux.netDevices move host interfaces into the container's network namespace; without a network
// entry in linux.namespaces that namespace is the host's and nothing is isolated. Hazard. 1.3.0+.
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject, linuxOf, namespaceEntry } from '../../util.js';

export default defineRule({
  id: 'config.linux.net-devices-need-netns',
  title: 'netDevices come with a network namespace',
  kinds: ['config'],
  since: '1.3.0',
  requirements: ['config-linux.netDevices.available'],
  why: "netDevices.available's MUST is met either way (the device is available, in the host's namespace); what such a config gets wrong is isolation, which the spec does not require in words: a hazard.",
  check(ctx) {
    const nd = linuxOf(ctx.value)?.netDevices;
    if (!isObject(nd) || Object.keys(nd).length === 0 || namespaceEntry(ctx.value, 'network') !== undefined)
      return;
    ctx.report({
      pointer: '/linux/netDevices',
      atKey: true,
      level: 'hazard',
      message:
        "netDevices is set but linux.namespaces has no 'network' entry: the devices would stay in the host's namespace",
      expected: "a linux.namespaces entry of type 'network'",
    });
  },
});
