package dev.cbam.flink;

import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import java.lang.reflect.Type;
import java.time.LocalDate;
import java.util.Map;

/**
 * Makes Flink serialise {@link LocalDate} fields with its own {@code LocalDateSerializer}: its type
 * extractor otherwise treats {@code LocalDate} as a generic type (Kryo), which the job forbids.
 */
public final class LocalDateTypeInfo extends TypeInfoFactory<LocalDate> {
    @Override
    public TypeInformation<LocalDate> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        return Types.LOCAL_DATE;
    }
}
