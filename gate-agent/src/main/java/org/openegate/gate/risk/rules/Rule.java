package org.openegate.gate.risk.rules;

import java.util.List;

/** One compiled rule: every condition must hold. */
record Rule(String id, String reason, List<Condition> conditions) {

    Rule {
        conditions = List.copyOf(conditions);
    }

    boolean matches(TravellerAttributes traveller, Condition.Context context) {
        for (Condition condition : conditions) {
            if (!condition.test(traveller, context)) {
                return false;
            }
        }
        return true;
    }
}
